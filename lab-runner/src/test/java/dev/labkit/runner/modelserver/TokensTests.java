package dev.labkit.runner.modelserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The lab model's one unit of text: what it counts, streams and cuts. */
class TokensTests {

    @Test
    void tokensAreWordsWithTheirSpacesAndAddUpToTheText() {
        assertThat(Tokens.split("Water  them deeply. ")).containsExactly("Water  ", "them ", "deeply. ");
        assertThat(String.join("", Tokens.split(" a b"))).isEqualTo(" a b");
        assertThat(Tokens.split("  \n")).isEmpty();
        assertThat(Tokens.count("Water them deeply.")).isEqualTo(3);
    }

    @Test
    void theFirstTokensEndWithoutTrailingSpace() {
        assertThat(Tokens.first("Water them deeply, twice a week.", 3)).isEqualTo("Water them deeply,");
        assertThat(Tokens.first("Short.", 3)).isEqualTo("Short.");
    }

    @Test
    void idsAreOnePerTokenAndStable() {
        assertThat(Tokens.ids("Why is the sky blue?")).hasSize(5).isEqualTo(Tokens.ids("Why is the sky blue?"))
                .allSatisfy(id -> assertThat(id).isBetween(0, 31_999));
    }

    @Test
    void aCompletionCutToItsLimitSaysLengthAndCountsThinkingFirst() {
        Completion whole = Completion.of("", "Water them deeply.", List.of("Water ", "them ", "deeply."), 0, 4);
        assertThat(whole.doneReason()).isEqualTo("stop");
        assertThat(whole.content()).containsExactly("Water ", "them ", "deeply.");
        assertThat(whole.evalTokens()).isEqualTo(3);

        Completion cut = Completion.of("", "Water them deeply.", List.of("Water them deeply."), 2, 4);
        assertThat(cut.doneReason()).isEqualTo("length");
        assertThat(cut.contentText()).isEqualTo("Water them");
        assertThat(cut.evalTokens()).isEqualTo(2);

        Completion thinking = Completion.of("I think hard.", "Water them.", List.of("Water them."), 4, 4);
        assertThat(thinking.thinkingText()).isEqualTo("I think hard.");
        assertThat(thinking.contentText()).isEqualTo("Water");
        assertThat(Completion.of("I think hard.", "Water.", List.of(), 2, 4).contentText()).isEmpty();
        assertThat(Completion.of("", "Exactly three words.", List.of(), 3, 4).doneReason()).isEqualTo("stop");
    }
}
