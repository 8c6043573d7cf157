/**
 * Lab packs (docs/packs.md): one versioned zip holding labs to distribute, with a manifest
 * ({@link dev.labkit.runner.pack.PackManifest}) listing the SHA-256 of every file and the runner
 * versions it needs. {@link dev.labkit.runner.pack.PackWriter} builds one (full or learner
 * {@link dev.labkit.runner.pack.PackEdition}), {@link dev.labkit.runner.pack.PackSignature} signs and
 * checks manifests (Ed25519), {@link dev.labkit.runner.pack.PackVerifier} refuses damaged, changed or
 * incompatible packs, {@link dev.labkit.runner.pack.PackCache} extracts verified packs once, and
 * {@link dev.labkit.runner.pack.PackImages} saves and loads the container images the labs need.
 */
package dev.labkit.runner.pack;
