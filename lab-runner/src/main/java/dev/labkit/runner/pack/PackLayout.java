package dev.labkit.runner.pack;

import dev.labkit.runner.suite.SuiteBuild;
import java.util.Optional;
import java.util.Set;

/**
 * The names inside a pack: {@value #MANIFEST} and {@value #SIGNATURE} at the root, each lab under
 * {@code labs/<id>/} with its compiled suite at {@code labs/<id>/}{@value #SUITE_JAR}, and the LabKit
 * docs the briefs link to under {@code docs/}. Entry names use {@code /}, are relative, and never
 * climb ({@code ..}).
 */
final class PackLayout {

    /** The manifest, at the root of the pack. */
    static final String MANIFEST = "labpack.json";
    /** The base64 Ed25519 signature of the manifest's bytes, when the pack is signed. */
    static final String SIGNATURE = "labpack.json.sig";
    static final String LABS = "labs";
    static final String DOCS = "docs";
    /** The compiled checker suite in a pack, relative to its lab folder (where {@link SuiteBuild} looks first). */
    static final String SUITE_JAR = SuiteBuild.PACKED_JAR;

    private static final Set<String> ROOT_FILES = Set.of(MANIFEST, SIGNATURE);

    private PackLayout() {}

    static boolean isRootFile(String name) {
        return ROOT_FILES.contains(name);
    }

    /**
     * Why an entry name may not be extracted (it is absolute, climbs out with {@code ..}, uses
     * {@code \}, or has an empty or {@code .} part), or empty when it is a plain relative path.
     */
    static Optional<String> unsafe(String name) {
        if (name.isEmpty()) {
            return Optional.of("an entry has no name");
        }
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            return Optional.of("entry " + name + " is an absolute path");
        }
        if (name.contains("\\") || name.indexOf('\0') >= 0) {
            return Optional.of("entry " + name + " has a backslash or NUL in its name");
        }
        for (String part : name.split("/", -1)) {
            if (part.equals("..")) {
                return Optional.of("entry " + name + " climbs out of the pack (..)");
            }
            if (part.isEmpty() || part.equals(".")) {
                return Optional.of("entry " + name + " has an empty or '.' part");
            }
        }
        return Optional.empty();
    }
}
