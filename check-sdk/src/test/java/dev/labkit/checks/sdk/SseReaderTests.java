package dev.labkit.checks.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layouts real servers write (Javalin, Spring's SseEmitter, hand-written) all read the same. */
class SseReaderTests {

    private static List<String> read(String stream) throws IOException {
        List<String> events = new ArrayList<>();
        SseReader.read(new BufferedReader(new StringReader(stream)),
                (type, data, id) -> events.add(type + "|" + data + "|" + id));
        return events;
    }

    private static String unended(String stream) throws IOException {
        return SseReader.read(new BufferedReader(new StringReader(stream)), (type, data, id) -> { });
    }

    @Test
    void readsTheCommonLayout() throws IOException {
        assertThat(read("data: {\"delta\":\"a\"}\n\nevent: done\ndata: {\"reply\":\"a\"}\n\n"))
                .containsExactly("message|{\"delta\":\"a\"}|", "done|{\"reply\":\"a\"}|");
    }

    @Test
    void readsSpringsLayoutWithoutSpacesAndWithEventAfterData() throws IOException {
        assertThat(read("data:{\"x\":1}\nevent:done\n\n")).containsExactly("done|{\"x\":1}|");
    }

    @Test
    void joinsDataLinesAndSkipsComments() throws IOException {
        assertThat(read(": keep-alive\n\ndata: one\ndata: two\n\n")).containsExactly("message|one\ntwo|");
    }

    @Test
    void acceptsCrLfAndKeepsTheLastId() throws IOException {
        assertThat(read("id: 7\r\ndata: a\r\n\r\ndata: b\r\n\r\n")).containsExactly("message|a|7", "message|b|7");
    }

    @Test
    void onlyTheFirstSpaceAfterTheColonIsDropped() throws IOException {
        assertThat(read("data:  two spaces\n\n")).containsExactly("message| two spaces|");
    }

    @Test
    void dropsALastEventThatWasNeverEndedLikeBrowsersDo() throws IOException {
        assertThat(read("data: complete\n\ndata: cut off")).containsExactly("message|complete|");
        assertThat(read("data: complete\n\nevent: done\ndata: cut off\n")).containsExactly("message|complete|");
    }

    @Test
    void returnsTheLinesOfALastEventThatWasNeverEnded() throws IOException {
        assertThat(unended("data: complete\n\nevent: done\ndata: {\"reply\":\"a\"}\n"))
                .isEqualTo("event: done\ndata: {\"reply\":\"a\"}");
        assertThat(unended("data: complete\n\n")).isEmpty();
        assertThat(unended("data: complete\n\n: keep-alive\n")).as("a trailing comment is no event").isEmpty();
    }

    @Test
    void mixesLineEndsAndIgnoresRetryAndUnknownFields() throws IOException {
        assertThat(read("retry: 3000\rdata:a\r\nfoo: bar\n\r\ndata: b\r\r")).containsExactly("message|a|", "message|b|");
    }

    @Test
    void ignoresOneLeadingByteOrderMarkOnly() throws IOException {
        assertThat(read("\uFEFFdata: a\n\n")).containsExactly("message|a|");
        assertThat(read("\uFEFF\uFEFFdata: a\n\n")).as("a second mark makes an unknown field").isEmpty();
    }

    @Test
    void anEventMessageLineIsTheSameAsNone() throws IOException {
        assertThat(read("event: message\ndata: a\n\ndata: b\n\n")).containsExactly("message|a|", "message|b|");
    }

    @Test
    void anEventWithoutDataIsNotDispatchedAndItsTypeDoesNotCarryOver() throws IOException {
        assertThat(read("event: done\n\ndata: a\n\n")).containsExactly("message|a|");
    }

    @Test
    void fieldNamesAreCaseSensitive() throws IOException {
        assertThat(read("Data: a\nEVENT: done\n\n")).isEmpty();
    }
}
