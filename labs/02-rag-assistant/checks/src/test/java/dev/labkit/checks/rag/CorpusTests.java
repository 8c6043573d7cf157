package dev.labkit.checks.rag;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusTests {

    @TempDir
    Path docs;

    private Corpus corpus() throws IOException {
        Files.writeString(docs.resolve("leave-policy.md"), "# Leave\n\nStaff get 27 days of leave.\nCarry over five days.");
        Files.writeString(docs.resolve("quality.md"), "Every unit is tested twice. A failed test stops the line.");
        Files.writeString(docs.resolve("leave-policy-2024.txt"), "# Leave 2024\n\nStaff get 25 days of leave.");
        Files.writeString(docs.resolve("notes.pdf"), "not a document");
        return Corpus.read(docs);
    }

    @Test
    void readsMarkdownAndTextFilesByIdWithWhitespaceCollapsed() throws IOException {
        Corpus corpus = corpus();

        assertThat(corpus.ids()).containsExactly("leave-policy-2024", "leave-policy", "quality");
        assertThat(corpus.text("leave-policy")).isEqualTo("# Leave Staff get 27 days of leave. Carry over five days.");
    }

    @Test
    void locatesAChunkWhateverItsLineBreaksInEveryDocumentThatHasIt() throws IOException {
        Corpus corpus = corpus();

        assertThat(corpus.locate("days of leave.\nCarry over"))
                .containsExactly(new Corpus.Location("leave-policy", 21, 46));
        assertThat(corpus.locate("days of leave.")).extracting(Corpus.Location::documentId)
                .containsExactly("leave-policy-2024", "leave-policy");
        assertThat(corpus.locate("# Leave 2024 Staff get")).hasSize(1);
        assertThat(corpus.locate("not in any document")).isEmpty();
    }

    @Test
    void tellsAChunkThatCutsAWordFromOneThatEndsBetweenWords() throws IOException {
        Corpus corpus = corpus();

        assertThat(corpus.cutsAWord(corpus.locate("Staff get 27 days").get(0))).isFalse();
        assertThat(corpus.cutsAWord(corpus.locate("aff get 27 days").get(0))).isTrue();
        assertThat(corpus.cutsAWord(corpus.locate("Staff get 27 da").get(0))).isTrue();
        assertThat(corpus.cutsAWord(corpus.locate("days of leave.").get(1))).isFalse();
    }

    @Test
    void locatesAChunkWhereItStandsBetweenWordsWhenItAlsoOccursInsideAWord() throws IOException {
        Corpus corpus = corpus();

        Corpus.Location test = corpus.locate("test").get(0);

        assertThat(test).isEqualTo(new Corpus.Location("quality", 37, 41));
        assertThat(corpus.cutsAWord(test)).isFalse();
        assertThat(corpus.cutsAWord(corpus.locate("is test").get(0))).as("only inside a word: a cut").isTrue();
    }

    @Test
    void takesOneOrTwoWordsForAProbeOfTheModelAndLongerTextsForChunks() {
        assertThat(Corpus.isProbe("test")).as("langchain4j's dimension() probe").isTrue();
        assertThat(Corpus.isProbe(" test\nstring ")).isTrue();
        assertThat(Corpus.isProbe("")).isTrue();

        assertThat(Corpus.isProbe("A failed test")).isFalse();
        assertThat(Corpus.isProbe("Staff get 27 days of leave.")).isFalse();
    }
}
