package dev.labkit.checks.multimodal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The words a real recogniser must hear in a clip, and which a transcript lacks. */
class KeyWordsTests {

    @Test
    void keyWordsAreTheLongWordsOnceInOrder() {
        assertThat(KeyWords.of("What fruit is in this picture?")).containsExactly("fruit", "picture");
        assertThat(KeyWords.of("Hello Fig, good morning. Hello again!")).containsExactly("hello", "morning", "again");
    }

    @Test
    void aTranscriptHasAWordInAnyCaseAndPunctuationButNotAsPartOfAnother() {
        List<String> expected = List.of("fruit", "picture");

        assertThat(KeyWords.missing(expected, " What FRUIT is in this picture.")).isEmpty();
        assertThat(KeyWords.missing(expected, "What fruits are in this pitcher?")).containsExactly("fruit", "picture");
    }

    @Test
    void wordsSplitOnAnythingButLettersDigitsAndApostrophes() {
        assertThat(KeyWords.words("It's 3 euros—pêches, too"))
                .containsExactly("it's", "3", "euros", "pêches", "too");
    }
}
