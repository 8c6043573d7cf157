package dev.labkit.checks.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Content types compare as HTTP defines them: any case, parameters ignored; other types never match. */
class MediaTypeTests {

    private static boolean isHtml(String contentType) {
        return MediaType.is(Optional.ofNullable(contentType), "text/html");
    }

    @Test
    void acceptsAnyCaseAndAnyParameters() {
        assertThat(isHtml("text/html")).isTrue();
        assertThat(isHtml("text/html;charset=utf-8")).isTrue();
        assertThat(isHtml("Text/HTML; Charset=UTF-8")).isTrue();
        assertThat(isHtml(" text/html ; charset=\"utf-8\"")).isTrue();
    }

    @Test
    void rejectsOtherTypesAndNoType() {
        assertThat(isHtml("text/plain; note=text/html")).isFalse();
        assertThat(isHtml("text/htmlx")).isFalse();
        assertThat(isHtml("application/xhtml+xml")).isFalse();
        assertThat(isHtml("")).isFalse();
        assertThat(isHtml(null)).isFalse();
    }
}
