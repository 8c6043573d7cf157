package dev.labkit.runner.validate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BriefCheckTableTests {

    @Test
    void readsIdsAndPointsOfTablesWithAPointsColumnOnly() {
        BriefCheckTable table = BriefCheckTable.read("""
                | variable | use |
                |---|---|
                | `PORT` | 8080 |

                id and points, the outer pipes left out, a live check's points in parentheses:

                id | what | Points
                :--|---|--:
                `health` | answers `a \\| b` | 5
                `live.x` | with a real model | (5)
                """);

        assertThat(table.rows()).containsExactly(new BriefCheckTable.Row("health", 5, 9),
                new BriefCheckTable.Row("live.x", 5, 10));
    }

    @Test
    void aTableWhoseFirstColumnIsNotCheckIdsIsNoCheckTable() {
        BriefCheckTable table = BriefCheckTable.read("""
                | id | points |
                |---|---|
                | health | 5 |
                """);

        assertThat(table.rows()).isEmpty();
        assertThat(table.compare(DeclaredCheck.of(SoundSampleChecks.class))).singleElement().asString()
                .startsWith("README.md has no check table");
    }

    @Test
    void namesARowListedTwice() {
        BriefCheckTable table = BriefCheckTable.read("""
                | id | points |
                |---|---|
                | `health` | 40 |
                | `sample.reply` | 60 |
                | `live.sample` | 5 |
                | `health` | 40 |
                """);

        assertThat(table.compare(DeclaredCheck.of(SoundSampleChecks.class)))
                .containsExactly("the check table lists `health` twice (README.md lines 3 and 6)");
    }
}
