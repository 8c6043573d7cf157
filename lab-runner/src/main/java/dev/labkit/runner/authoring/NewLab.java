package dev.labkit.runner.authoring;

import dev.labkit.runner.FileTrees;
import dev.labkit.runner.LabException;
import dev.labkit.runner.catalog.Catalog;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.suite.SuiteBuild;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.lang.model.SourceVersion;

/**
 * Makes a new lab folder, {@code PARENT/<id>/}, as a copy of a lab folder: LabKit's template
 * ({@code templates/new-lab/}, a small lab that builds and passes as it is) or any existing lab.
 * The copy leaves out build output ({@link FileTrees#BUILD_OUTPUT}, and a pack's compiled
 * {@code checks/suite.jar} when the sources are there) and gets the new id in
 * {@code lab.yaml} ({@code id:}) and in the checks' {@code pom.xml} ({@code <artifactId>id-checks}).
 * A copy of the template is renamed all through: the id in every file, and its suite's package
 * and class ({@code dev.labkit.labs.newlab.NewLabChecks} becomes, for {@code fern-facts},
 * {@code dev.labkit.labs.fernfacts.FernFactsChecks}).
 */
public final class NewLab {

    /** A lab id: lower-case letters, digits and dashes, starting with a letter or digit. */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");

    /** The id of the template lab, {@code templates/new-lab/}. */
    public static final String TEMPLATE_ID = "new-lab";

    static final String TEMPLATE_PACKAGE = "dev.labkit.labs.newlab";
    static final String TEMPLATE_CLASS = "NewLabChecks";
    static final String CHECKS = "checks";

    private static final Pattern PROJECT_ARTIFACT = Pattern.compile("<artifactId>\\s*([^<\\s]+)\\s*</artifactId>");
    private static final List<String> TEXT_FILES = List.of(".md", ".yaml", ".yml", ".xml", ".java", ".json", ".txt");

    private NewLab() {}

    /**
     * Creates {@code parent/id/} from the lab folder {@code source}.
     *
     * @param source a lab folder (with {@code lab.yaml}): the template or an existing lab
     * @param id the new lab's id, matching {@link #ID}
     * @param parent the folder to create it in (created if missing)
     * @return the new lab, read back from its {@code lab.yaml}
     * @throws LabException for a bad id, a target folder that exists and is not empty, a source
     *     that is no lab, or a file that cannot be copied or written
     */
    public static LabManifest create(Path source, String id, Path parent) {
        if (!ID.matcher(id).matches()) {
            throw LabException.of("'" + id + "' is not a lab id: use lower-case letters, digits and dashes, starting"
                    + " with a letter or digit (e.g. 04-multimodal or fern-facts)");
        }
        Path target = parent.resolve(id).toAbsolutePath().normalize();
        if (Files.exists(target) && !FileTrees.isEmptyDirectory(target)) {
            throw LabException.of(target + " already exists and is not empty: choose another id, or another folder"
                    + " with --dir");
        }
        LabManifest from = Catalog.readLab(source);
        try {
            Files.createDirectories(target);
            FileTrees.copy(from.dir(), target, FileTrees.BUILD_OUTPUT);
            // A lab from a pack carries its compiled suite, which the runner prefers to the sources: the new
            // lab's checks must be built from its own sources, as they are edited.
            Path packed = target.resolve(SuiteBuild.PACKED_JAR);
            if (Files.isRegularFile(target.resolve(CHECKS).resolve("pom.xml"))) {
                Files.deleteIfExists(packed);
            }
            if (from.id().equals(TEMPLATE_ID)) {
                renameTemplate(target, id);
            } else {
                replaceId(target.resolve("lab.yaml"), from.id(), id);
                renameChecksArtifact(target.resolve(CHECKS).resolve("pom.xml"), id);
            }
        } catch (IOException e) {
            throw LabException.of("cannot create " + target + " (" + FileTrees.reason(e) + "): check that you may"
                    + " write in " + target.getParent(), e);
        }
        return Catalog.readLab(target);
    }

    /** The suite's package for a lab id: {@code fern-facts} -> {@code dev.labkit.labs.fernfacts}. */
    static String suitePackage(String id) {
        String name = id.replace("-", "");
        return "dev.labkit.labs." + (Character.isDigit(name.charAt(0)) || SourceVersion.isKeyword(name) ? "lab" : "")
                + name;
    }

    /** The suite's class for a lab id: {@code fern-facts} -> {@code FernFactsChecks}, {@code 04-x} -> {@code Lab04XChecks}. */
    static String suiteClass(String id) {
        StringBuilder name = new StringBuilder(Character.isDigit(id.charAt(0)) ? "Lab" : "");
        for (String part : id.split("-")) {
            if (!part.isEmpty()) {
                name.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return name.append("Checks").toString();
    }

    /** The template, renamed all through: the id in every text file, the suite's package, class and folder. */
    private static void renameTemplate(Path lab, String id) throws IOException {
        String packageName = suitePackage(id);
        String className = suiteClass(id);
        Path sources = lab.resolve(CHECKS).resolve("src/main/java");
        Path oldFile = sources.resolve(TEMPLATE_PACKAGE.replace('.', '/')).resolve(TEMPLATE_CLASS + ".java");
        Path newFile = sources.resolve(packageName.replace('.', '/')).resolve(className + ".java");
        if (Files.isRegularFile(oldFile) && !oldFile.equals(newFile)) {
            Files.createDirectories(newFile.getParent());
            Files.move(oldFile, newFile);
            deleteEmptyFolders(oldFile.getParent(), sources);
        }
        for (Path file : textFiles(lab)) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String renamed = text.replace(TEMPLATE_PACKAGE, packageName).replace(TEMPLATE_CLASS, className)
                    .replace(TEMPLATE_ID, id);
            if (!renamed.equals(text)) {
                Files.writeString(file, renamed, StandardCharsets.UTF_8);
            }
        }
    }

    /** Replaces the {@code id:} line of a {@code lab.yaml}, keeping everything else as it is. */
    private static void replaceId(Path manifest, String oldId, String newId) throws IOException {
        String text = Files.readString(manifest, StandardCharsets.UTF_8);
        Matcher line = Pattern.compile("(?m)^(id:[ \\t]*)([\"']?)" + Pattern.quote(oldId) + "\\2").matcher(text);
        if (!line.find()) {
            throw LabException.of(manifest + ": no line `id: " + oldId + "` to give the new id; write it by hand");
        }
        Files.writeString(manifest, text.substring(0, line.start()) + line.group(1) + newId + text.substring(line.end()),
                StandardCharsets.UTF_8);
    }

    /**
     * Gives the checks' project the artifactId {@code <id>-checks}: the first {@code <artifactId>} of
     * the pom, the project's own (a checks project has no parent). Nothing when there is no checks project.
     */
    private static void renameChecksArtifact(Path pom, String id) throws IOException {
        if (!Files.isRegularFile(pom)) {
            return;
        }
        String text = Files.readString(pom, StandardCharsets.UTF_8);
        int parentEnd = text.indexOf("</parent>");
        Matcher artifact = PROJECT_ARTIFACT.matcher(text);
        if (!artifact.find(Math.max(parentEnd, 0))) {
            throw LabException.of(pom + " has no <artifactId>: give the checks' project one, e.g. " + id + "-checks");
        }
        Files.writeString(pom, text.substring(0, artifact.start(1)) + id + "-checks" + text.substring(artifact.end(1)),
                StandardCharsets.UTF_8);
    }

    private static List<Path> textFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> TEXT_FILES.stream().anyMatch(ext -> f.getFileName().toString().endsWith(ext)))
                    .sorted().toList();
        }
    }

    private static void deleteEmptyFolders(Path from, Path stopAt) throws IOException {
        List<Path> chain = new ArrayList<>();
        for (Path dir = from; dir != null && !dir.equals(stopAt) && dir.startsWith(stopAt); dir = dir.getParent()) {
            chain.add(dir);
        }
        for (Path dir : chain) {
            if (!FileTrees.isEmptyDirectory(dir)) {
                return;
            }
            Files.delete(dir);
        }
    }
}
