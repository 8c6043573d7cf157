package dev.labkit.runner.batch;

import dev.labkit.runner.FileTrees;
import dev.labkit.runner.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code lab results merge}: the output folders of the shards of one class ({@code lab grade --shard i/n}) as
 * one: their rows in one gradebook (sorted by student, so equal byte for byte to an unsharded run's), the class
 * outputs written from it, and their {@code submissions/<student>/} folders copied. The shards must be of one
 * lab, with one set of checks, and no student may be in two of them.
 */
public final class ShardMerge {

    private ShardMerge() {}

    /** Merges {@code shards} into {@code out} (created); returns the merged gradebook. */
    public static Gradebook merge(List<Path> shards, Path out, ClassGrader.ClassOutput classOutput) {
        if (shards.isEmpty()) {
            throw LabException.of("name the shards' output folders: lab results merge --out DIR SHARD_DIR...");
        }
        List<Gradebook> books = new ArrayList<>();
        for (Path shard : shards) {
            if (!Gradebook.exists(shard)) {
                throw LabException.of(shard + " holds no " + Gradebook.JSON + ": give the --out folders of"
                        + " `lab grade --shard i/n` runs");
            }
            books.add(Gradebook.read(shard));
        }
        Gradebook first = books.get(0);
        Gradebook merged = new Gradebook(first.lab(), first.checks());
        Map<String, Path> owner = new HashMap<>();
        List<Gradebook.Pair> pairs = new ArrayList<>();
        for (int i = 0; i < books.size(); i++) {
            Gradebook book = books.get(i);
            Path shard = shards.get(i);
            if (!book.lab().equals(first.lab()) || !book.checks().equals(first.checks())) {
                throw LabException.of(shard + " is a gradebook of lab " + book.lab() + (book.lab().equals(first.lab())
                        ? " with other checks" : "") + ", " + shards.get(0) + " of lab " + first.lab()
                        + ": merge the shards of one run of one lab");
            }
            for (Row row : book.rows()) {
                Path other = owner.putIfAbsent(row.student(), shard);
                if (other != null) {
                    throw LabException.of("student " + row.student() + " is in both " + other + " and " + shard
                            + ": merge the shards of one run (each student is in one shard)");
                }
                merged.put(row);
            }
            pairs.addAll(book.similarPairs());
        }
        merged.similarPairs(pairs.stream().distinct().sorted((a, b) -> Double.compare(b.similarity(), a.similarity()))
                .toList());
        try {
            Files.createDirectories(out);
            for (int i = 0; i < books.size(); i++) {
                for (Row row : books.get(i).rows()) {
                    Path from = shards.get(i).resolve(row.folder());
                    Path to = out.resolve(row.folder());
                    if (Files.isDirectory(from) && !from.toAbsolutePath().normalize().equals(to.toAbsolutePath().normalize())) {
                        if (Files.exists(to)) {
                            FileTrees.delete(to);
                        }
                        FileTrees.copy(from, to, Set.of());
                    }
                }
            }
            merged.writeTo(out);
            classOutput.write(merged, out);
        } catch (IOException e) {
            throw LabException.of("cannot write the merged results into " + out + " (" + FileTrees.reason(e)
                    + "): choose a writable --out", e);
        }
        return merged;
    }
}
