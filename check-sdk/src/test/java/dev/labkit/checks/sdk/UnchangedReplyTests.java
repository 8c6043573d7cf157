package dev.labkit.checks.sdk;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link Expect#unchanged}: the model's reply as it is, or with the whitespace around it trimmed, and nothing else. */
class UnchangedReplyTests {

    /** New lines, a list, two spaces, typographic quotes, a dash and a non-ASCII letter, with whitespace around. */
    private static final String REPLY = "\nAccording to the documents:\n\n- staff get **25 days** of leave;\n"
            + "- the café's “quiet hours” run 9–11  (two spaces).\n";

    @Test
    void takesTheReplyAsItIsOrWithTheWhitespaceAroundItTrimmedOnEitherSide() {
        for (String answer : new String[] {REPLY, REPLY.strip(), REPLY.stripLeading(), REPLY.stripTrailing()}) {
            assertThatCode(() -> Expect.unchanged(answer, REPLY, "answer")).doesNotThrowAnyException();
        }
    }

    @Test
    void refusesAReplyWithItsInnerWhitespaceCollapsedSayingWhatWasExpectedAndWhatCame() {
        String collapsed = REPLY.replaceAll("\\s+", " ").strip();

        assertThatThrownBy(() -> Expect.unchanged(collapsed, REPLY, "answer")).hasMessage("\"answer\" should be the "
                + "model's reply, unchanged (only the whitespace around it may be trimmed): expected \"\\nAccording to "
                + "the documents:\\n\\n- staff get **25 days** of leave;\\n- the café's “quiet hours” run 9–11  (two "
                + "spaces).\\n\", got \"According to the documents: - staff get **25 days** of leave; - the café's "
                + "“quiet hours” run 9–11 (two spaces).\"");
    }

    @Test
    void refusesAReplyWithACharacterChangedOrTextAddedOrNothingAtAll() {
        for (String answer : new String[] {REPLY.replace("café", "cafe"), REPLY.replace("“", "\""),
                "Answer: " + REPLY.strip(), REPLY.strip() + " Hope this helps!", ""}) {
            assertThatThrownBy(() -> Expect.unchanged(answer, REPLY, "answer")).as(answer)
                    .hasMessageStartingWith("\"answer\" should be the model's reply, unchanged");
        }
    }
}
