package dev.labkit.runner.pack;

import dev.labkit.runner.LabException;
import dev.labkit.runner.RunnerVersion;
import java.util.Optional;
import org.apache.maven.artifact.versioning.DefaultArtifactVersion;
import org.apache.maven.artifact.versioning.InvalidVersionSpecificationException;
import org.apache.maven.artifact.versioning.VersionRange;

/**
 * Whether a pack suits this runner, in Maven's version terms ({@code maven-artifact}): the runner's
 * version lies in the pack's range ({@code [0.1.0,1)}; a development build, {@code -SNAPSHOT}, counts
 * as its release), and the suites' check SDK has the runner's SDK major version and a minor version
 * no newer than the runner's.
 */
final class Compatibility {

    private Compatibility() {}

    /**
     * The range a new pack needs by default: from this runner's release up to its next major version,
     * exclusive ({@code 0.1.0-SNAPSHOT} -> {@code [0.1.0,1)}).
     */
    static String defaultRange(RunnerVersion runner) {
        DefaultArtifactVersion release = new DefaultArtifactVersion(runner.runnerRelease());
        return "[" + runner.runnerRelease() + "," + (release.getMajorVersion() + 1) + ")";
    }

    /** A one-line error when {@code range} is not a Maven version range; the range otherwise. */
    static VersionRange range(String range, String source) {
        try {
            VersionRange parsed = VersionRange.createFromVersionSpec(range);
            if (!parsed.hasRestrictions()) {
                throw LabException.of(source + ": the runner range '" + range + "' is a single version, not a range:"
                        + " write it as a range, e.g. [0.1,1)");
            }
            return parsed;
        } catch (InvalidVersionSpecificationException e) {
            throw LabException.of(source + ": '" + range + "' is not a Maven version range (" + e.getMessage()
                    + "): write it as e.g. [0.1,1)", e);
        }
    }

    /** Why the pack cannot be used with {@code runner}, in one line with what to do; empty when it can. */
    static Optional<String> problem(PackManifest manifest, RunnerVersion runner, String source) {
        VersionRange range = range(manifest.runner(), source);
        DefaultArtifactVersion release = new DefaultArtifactVersion(runner.runnerRelease());
        if (!range.containsVersion(release)) {
            return Optional.of("pack " + source + " needs lab runner " + manifest.runner() + "; this is "
                    + runner.runner() + ": update LabKit (git pull) or ask for a pack built for "
                    + release.getMajorVersion() + "." + release.getMinorVersion());
        }
        DefaultArtifactVersion packSdk = new DefaultArtifactVersion(manifest.checkSdk());
        DefaultArtifactVersion ourSdk = new DefaultArtifactVersion(runner.checkSdk());
        if (packSdk.getMajorVersion() != ourSdk.getMajorVersion() || packSdk.getMinorVersion() > ourSdk.getMinorVersion()) {
            return Optional.of("pack " + source + " has checks built for check SDK " + manifest.checkSdk()
                    + "; this runner has SDK " + runner.checkSdk() + ": "
                    + (packSdk.compareTo(ourSdk) > 0 ? "update LabKit (git pull)"
                            : "ask for a pack built against SDK " + ourSdk.getMajorVersion() + "."
                                    + ourSdk.getMinorVersion()));
        }
        return Optional.empty();
    }
}
