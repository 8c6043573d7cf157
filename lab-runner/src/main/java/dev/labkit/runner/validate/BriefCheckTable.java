package dev.labkit.runner.validate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The check table(s) of a lab's brief: every Markdown table with a {@code points} column whose
 * first column holds check ids in backticks. Live checks' points may be written in parentheses,
 * {@code (5)}, since they count only with a real model.
 *
 * <pre>
 * | id | points | what it checks |
 * |---|---:|---|
 * | `health` | 5 | GET /health answers 200 |
 * | `live.chat.persona` | (5) | with a real model, ... |
 * </pre>
 */
public final class BriefCheckTable {

    /** One row: the check's id, its points, and its line in the brief (from 1). */
    public record Row(String id, int points, int line) {}

    private static final Pattern CELL_SEPARATOR = Pattern.compile("(?<!\\\\)\\|");
    private static final Pattern ALIGNMENT = Pattern.compile(":?-+:?");
    private static final Pattern ID = Pattern.compile("`([^`]+)`");
    private static final Pattern POINTS = Pattern.compile("\\(?\\s*(\\d+)\\s*\\)?");

    private final List<Row> rows;
    private final Set<String> unreadable;
    private final List<String> problems;
    private final boolean found;

    private BriefCheckTable(List<Row> rows, Set<String> unreadable, List<String> problems, boolean found) {
        this.rows = List.copyOf(rows);
        this.unreadable = Set.copyOf(unreadable);
        this.problems = List.copyOf(problems);
        this.found = found;
    }

    /** Reads the check rows of {@code markdown} (a brief's text); rows whose points are no number become problems. */
    public static BriefCheckTable read(String markdown) {
        List<String> lines = markdown.lines().toList();
        List<Row> rows = new ArrayList<>();
        Set<String> unreadable = new HashSet<>();
        List<String> problems = new ArrayList<>();
        boolean found = false;
        int i = 0;
        while (i < lines.size()) {
            if (!isRow(lines.get(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < lines.size() && isRow(lines.get(i))) {
                i++;
            }
            found |= readTable(lines, start, i, rows, unreadable, problems);
        }
        return new BriefCheckTable(rows, unreadable, problems, found);
    }

    /** Reads lines {@code [start, end)} when they form a check table; true when they do. */
    private static boolean readTable(List<String> lines, int start, int end, List<Row> rows, Set<String> unreadable,
            List<String> problems) {
        if (end - start < 3 || !cells(lines.get(start + 1)).stream().allMatch(c -> ALIGNMENT.matcher(c).matches())) {
            return false;
        }
        List<String> header = cells(lines.get(start));
        int pointsColumn = header.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList().indexOf("points");
        if (pointsColumn <= 0) {
            return false;
        }
        for (int n = start + 2; n < end; n++) {
            if (!ID.matcher(first(cells(lines.get(n)))).matches()) {
                return false;
            }
        }
        for (int n = start + 2; n < end; n++) {
            List<String> cells = cells(lines.get(n));
            Matcher id = ID.matcher(first(cells));
            id.matches();
            String points = pointsColumn < cells.size() ? cells.get(pointsColumn) : "";
            Matcher number = POINTS.matcher(points);
            if (number.matches()) {
                rows.add(new Row(id.group(1).strip(), Integer.parseInt(number.group(1)), n + 1));
            } else {
                unreadable.add(id.group(1).strip());
                problems.add("the points of `" + id.group(1) + "` (README.md line " + (n + 1) + ") are '" + points
                        + "', not a number (write e.g. 5, or (5) for a live check)");
            }
        }
        return true;
    }

    private static boolean isRow(String line) {
        return line.contains("|");
    }

    private static String first(List<String> cells) {
        return cells.isEmpty() ? "" : cells.get(0);
    }

    /** The cells of a table line, stripped; the outer pipes are optional in Markdown. */
    private static List<String> cells(String line) {
        String row = line.strip();
        row = row.startsWith("|") ? row.substring(1) : row;
        row = row.endsWith("|") && !row.endsWith("\\|") ? row.substring(0, row.length() - 1) : row;
        return CELL_SEPARATOR.splitAsStream(row).map(String::strip).toList();
    }

    public List<Row> rows() {
        return rows;
    }

    /**
     * What differs between this table and the suite's checks, one message each: checks missing from
     * the brief, rows the suite does not declare, points that differ, rows listed twice, points that
     * are no number; no table at all is one message.
     */
    public List<String> compare(List<DeclaredCheck> checks) {
        if (!found) {
            return List.of("README.md has no check table: add one whose first column holds each check id in"
                    + " backticks, with a points column (see docs/validate.md)");
        }
        List<String> messages = new ArrayList<>(problems);
        Map<String, Row> byId = new LinkedHashMap<>();
        for (Row row : rows) {
            Row earlier = byId.putIfAbsent(row.id(), row);
            if (earlier != null) {
                messages.add("the check table lists `" + row.id() + "` twice (README.md lines " + earlier.line() + " and "
                        + row.line() + ")");
            }
        }
        Map<String, DeclaredCheck> declared = new LinkedHashMap<>();
        checks.stream().filter(c -> !c.id().isBlank()).forEach(c -> declared.putIfAbsent(c.id(), c));
        for (DeclaredCheck check : declared.values()) {
            Row row = byId.get(check.id());
            if (row == null && !unreadable.contains(check.id())) {
                messages.add("check `" + check.id() + "` (" + check.points() + " points) is missing from the check table");
            } else if (row != null && row.points() != check.points()) {
                messages.add("`" + check.id() + "` is worth " + row.points() + " points in the check table (README.md line "
                        + row.line() + "), " + check.points() + " in the suite");
            }
        }
        rows.stream().map(Row::id).filter(id -> !declared.containsKey(id)).distinct().forEach(id -> messages.add(
                "the check table lists `" + id + "` (README.md line " + byId.get(id).line()
                        + "), which the suite does not declare"));
        unreadable.stream().filter(id -> !declared.containsKey(id)).sorted().forEach(id -> messages.add(
                "the check table lists `" + id + "`, which the suite does not declare"));
        return messages;
    }
}
