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
    }
}
