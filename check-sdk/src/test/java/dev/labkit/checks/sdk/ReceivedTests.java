package dev.labkit.checks.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How failure messages show what an app sent: its start, with the invisible characters written out. */
class ReceivedTests {

    @Test
    void writesLineEndsTabsAndInvisibleCharactersAsEscapes() {
        assertThat(Received.preview("data: a\r\n\tb\n\n")).isEqualTo("data: a\\r\\n\\tb\\n\\n");
        assertThat(Received.preview("\uFEFFdata:\u0000x")).isEqualTo("\\uFEFFdata:\\u0000x");
    }

    @Test
    void keepsPrintableTextAsItIsAndDoublesBackslashesSoThatAWrittenOutLineEndIsNotMistakenForOne() {
        assertThat(Received.preview("{\"reply\":\"Sun ☀️ — ok\"}")).isEqualTo("{\"reply\":\"Sun ☀️ — ok\"}");
        assertThat(Received.preview("data: {\"delta\":\"\\n\"}\n")).isEqualTo("data: {\"delta\":\"\\\\n\"}\\n");
    }

    @Test
    void showsTheFirst200CharactersAndTheLength() {
        String preview = Received.preview("x".repeat(250));

        assertThat(preview).startsWith("x".repeat(200) + "…").endsWith("(250 characters in all)")
                .doesNotContain("x".repeat(201));
    }

    @Test
    void saysNothingCameForAnEmptyBody() {
        assertThat(Received.preview("")).isEqualTo("(nothing)");
        assertThat(Received.preview(null)).isEqualTo("(nothing)");
    }
}
