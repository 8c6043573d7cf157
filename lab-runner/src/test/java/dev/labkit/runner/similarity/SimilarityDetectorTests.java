package dev.labkit.runner.similarity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.DOUBLE;

import dev.labkit.runner.FileTrees;
import dev.labkit.runner.LabException;
import dev.labkit.runner.grading.TestLabs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real JPlag on real projects: copies of lab 01's solution and scaffold, and other labs' solutions. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SimilarityDetectorTests {

    static final Path LAB01 = TestLabs.home().resolve("labs/01-chatbot");
    static final Path SCAFFOLD = LAB01.resolve("scaffold");
    static final String SPROUT = "src/main/java/com/example/sprout/";

    @TempDir
    static Path temp;

    static Map<String, Path> classOf;

    /** A class of six: a solution, its disguised copy, two scaffold-based ones, an unrelated app, a broken one. */
    @BeforeAll
    static void makeClass() throws IOException {
        Path root = temp.resolve("class");
        Path alice = copy(LAB01.resolve("solution"), root.resolve("alice"));
        Path bob = copy(LAB01.resolve("solution"), root.resolve("bob"));
        assertThat(Disguise.apply(bob)).contains("chat", "sessionId", "modelTimeout");
        assertThat(Files.readString(bob.resolve(SPROUT + "ChatRoutes.java")))
                .doesNotContain(" chat(").contains("zzchatRenamed(")
                .isNotEqualTo(Files.readString(alice.resolve(SPROUT + "ChatRoutes.java")));

        Path carol = copy(SCAFFOLD, root.resolve("carol"));
        Files.writeString(carol.resolve(SPROUT + "Greeting.java"), """
                package com.example.sprout;

                final class Greeting {
                    static String of(String name) {
                        if (name == null || name.isBlank()) {
                            return "Hello, stranger!";
                        }
                        return "Hello, " + name.strip() + "!";
                    }
                }
                """);
        Path dave = copy(SCAFFOLD, root.resolve("dave"));
        Files.writeString(dave.resolve(SPROUT + "Counter.java"), """
                package com.example.sprout;

                import java.util.concurrent.atomic.AtomicLong;

                final class Counter {
                    private final AtomicLong requests = new AtomicLong();
                    private final long[] perHour = new long[24];

                    synchronized long count(int hour) {
                        perHour[hour % 24]++;
                        return requests.incrementAndGet();
                    }

                    synchronized long busiestHour() {
                        int best = 0;
                        for (int h = 1; h < perHour.length; h++) {
                            if (perHour[h] > perHour[best]) {
                                best = h;
                            }
                        }
                        return best;
                    }
                }
                """);

        Path erin = copy(TestLabs.home().resolve("labs/03-tool-agent/solution"), root.resolve("erin"));

        Path frank = copy(LAB01.resolve("solution"), root.resolve("frank"));
        Path routes = frank.resolve(SPROUT + "ChatRoutes.java");
        Files.writeString(routes, Files.readString(routes)
                .replaceFirst("final class ChatRoutes \\{", "final class ChatRoutes {{{ ("));

        classOf = new TreeMap<>(Map.of("alice", alice, "bob", bob, "carol", carol, "dave", dave, "erin", erin,
                "frank", frank));
    }

    @Test
    void findsADisguisedCopyAboveEveryOtherPairAndLeavesOutWhatCannotBeParsed() throws IOException {
        List<String> notices = new ArrayList<>();
        SimilarityReport report = new SimilarityDetector(notices::add)
                .analyse(classOf, Optional.of(SCAFFOLD), 100, temp.resolve("work1"));

        assertThat(report.language()).isEqualTo("java");
        assertThat(report.jplagVersion()).isEqualTo("4.3.0");
        assertThat(report.baseCodeUsed()).isTrue();
        assertThat(report.pairs()).as("every pair of the five parsable projects").hasSize(10);
        SimilarPair top = report.pairs().get(0);
        assertThat(top.first() + "/" + top.second()).isEqualTo("alice/bob");
        assertThat(top.similarity()).as("renamed identifiers and reordered methods hide little").isGreaterThan(0.8);
        assertThat(report.pairs().get(1).similarity()).as("no other pair comes close").isLessThan(top.similarity() - 0.4);
        assertThat(similarity(report, "carol", "dave"))
                .as("two scaffold-based projects share only the scaffold, which is base code").isLessThan(0.2);
        assertThat(similarity(report, "alice", "erin")).as("lab 03's agent is another app").isLessThan(0.3);
        assertThat(report.pairs()).extracting(SimilarPair::similarity)
                .isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(report.pairs()).allSatisfy(pair -> assertThat(pair.first()).isLessThan(pair.second()));

        assertThat(report.leftOut()).singleElement().satisfies(left -> {
            assertThat(left.student()).isEqualTo("frank");
            assertThat(left.reason()).startsWith("JPlag cannot parse its .java files (")
                    .contains("src/main/java/com/example/sprout/ChatRoutes.java' with reason: illegal start of expression")
                    .doesNotContain(temp.toString()).doesNotContain("\n");
        });
        assertThat(notices).containsExactly(report.leftOut().get(0).line());
        assertThat(notices.get(0)).startsWith("similarity: frank left out: JPlag cannot parse");
        assertThat(temp.resolve("work1/jplag-input")).as("the copies JPlag read are removed").doesNotExist();
    }

    @Test
    void countsTheScaffoldWhenThereIsNoBaseCode() throws IOException {
        Map<String, Path> two = Map.of("carol", classOf.get("carol"), "dave", classOf.get("dave"));

        List<SimilarPair> without = new SimilarityDetector().compare(two, Optional.empty(), 5, temp.resolve("work2"));
        List<SimilarPair> with = new SimilarityDetector().compare(two, Optional.of(SCAFFOLD), 5, temp.resolve("work3"));

        assertThat(without).singleElement().extracting(SimilarPair::similarity, DOUBLE)
                .as("the scaffold they share makes them look alike").isGreaterThan(0.5);
        assertThat(with).singleElement().extracting(SimilarPair::similarity, DOUBLE)
                .isLessThan(without.get(0).similarity() - 0.4);
    }

    @Test
    void keepsTheTopPairsOnly() throws IOException {
        List<SimilarPair> top2 = new SimilarityDetector()
                .compare(classOf, Optional.of(SCAFFOLD), 2, temp.resolve("work4"));

        assertThat(top2).hasSize(2);
        assertThat(top2.get(0).first() + "/" + top2.get(0).second()).isEqualTo("alice/bob");
    }

    @Test
    void givesNoPairsWhenFewerThanTwoProjectsParse() throws IOException {
        List<String> notices = new ArrayList<>();
        Map<String, Path> projects = Map.of("alice", classOf.get("alice"), "frank", classOf.get("frank"),
                "gina", Files.createDirectories(temp.resolve("empty/gina")));

        SimilarityReport report = new SimilarityDetector(notices::add)
                .analyse(projects, Optional.of(SCAFFOLD), 10, temp.resolve("work5"));

        assertThat(report.pairs()).isEmpty();
        assertThat(report.leftOut()).extracting(LeftOut::student).containsExactly("frank", "gina");
        assertThat(report.leftOut().get(1).reason()).isEqualTo("it has no .java files");
        assertThat(notices).hasSize(2);
        assertThat(new SimilarityDetector().compare(Map.of(), Optional.empty(), 10, temp.resolve("work6"))).isEmpty();
    }

    @Test
    void comparesPythonProjects() throws IOException {
        String app = """
                import json
                from http.server import BaseHTTPRequestHandler, HTTPServer

                class Handler(BaseHTTPRequestHandler):
                    def do_GET(self):
                        if self.path == "/health":
                            self.send_response(200)
                            self.end_headers()
                            self.wfile.write(json.dumps({"status": "ok"}).encode())
                        else:
                            self.send_response(404)
                            self.end_headers()

                    def do_POST(self):
                        length = int(self.headers.get("Content-Length", 0))
                        body = json.loads(self.rfile.read(length) or b"{}")
                        reply = {"sessionId": body.get("sessionId"), "reply": body.get("message", "")[::-1]}
                        self.send_response(200)
                        self.end_headers()
                        self.wfile.write(json.dumps(reply).encode())

                def main():
                    HTTPServer(("127.0.0.1", 8080), Handler).serve_forever()

                if __name__ == "__main__":
                    main()
                """;
        Path ann = Files.createDirectories(temp.resolve("py/ann"));
        Files.writeString(ann.resolve("app.py"), app);
        Path ben = Files.createDirectories(temp.resolve("py/ben"));
        Files.writeString(ben.resolve("server.py"), app.replace("Handler", "MyHandler").replace("length", "n"));
        Path cid = Files.createDirectories(temp.resolve("py/cid"));
        Files.writeString(cid.resolve("app.py"), """
                def fib(n):
                    a, b = 0, 1
                    for _ in range(n):
                        a, b = b, a + b
                    return a

                print([fib(i) for i in range(20)])
                """);

        Path dan = Files.createDirectories(temp.resolve("py/dan"));
        Files.writeString(dan.resolve("app.py"), app.replace("def main():", "def main(:"));

        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SimilarityReport report;
        try (PrintStream capture = new PrintStream(printed, true)) {
            System.setErr(capture);
            report = new SimilarityDetector().analyse(Map.of("ann", ann, "ben", ben, "cid", cid, "dan", dan),
                    Optional.empty(), 10, temp.resolve("work7"));
        } finally {
            System.setErr(err);
        }
        assertThat(printed.toString()).as("ANTLR's syntax errors stay off the console").isEmpty();
        assertThat(report.leftOut()).singleElement().satisfies(left -> {
            assertThat(left.student()).isEqualTo("dan");
            assertThat(left.reason()).isEqualTo("JPlag cannot parse its .py files (app.py: line 22:9 extraneous input"
                    + " ':'; JPlag 4.3.0 reads Python 3.6)");
        });

        assertThat(report.language()).isEqualTo("python");
        assertThat(report.pairs()).hasSize(3);
        assertThat(report.pairs().get(0)).extracting(SimilarPair::first, SimilarPair::second).containsExactly("ann", "ben");
        assertThat(report.pairs().get(0).similarity()).isGreaterThan(0.9);
        assertThat(similarity(report, "ann", "cid")).isLessThan(0.3);
    }

    @Test
    void saysJavaScriptIsNotComparedRatherThanGuessing() throws IOException {
        Path one = Files.createDirectories(temp.resolve("js/one"));
        Files.writeString(one.resolve("server.js"), "require('http').createServer((q, s) => s.end('ok')).listen(8080);\n");
        Path two = Files.createDirectories(temp.resolve("js/two"));
        Files.writeString(two.resolve("server.js"), "require('http').createServer((a, b) => b.end('ok')).listen(8080);\n");

        SimilarityReport report = new SimilarityDetector().analyse(Map.of("one", one, "two", two), Optional.empty(), 10,
                temp.resolve("work8"));

        assertThat(report.language()).isEqualTo("javascript");
        assertThat(report.pairs()).isEmpty();
        assertThat(report.leftOut()).extracting(LeftOut::reason).containsOnly(
                "JPlag 4.3.0 (the newest that runs on Java 17) has no javascript parser, so javascript projects are not"
                        + " compared");
    }

    @Test
    void takesTheScaffoldsLanguageSoPageScriptsDoNotOutvoteJava() throws IOException {
        Map<String, Path> projects = new TreeMap<>();
        for (String student : List.of("hal", "ida")) {
            Path project = copy(LAB01.resolve("solution"), temp.resolve("scripts").resolve(student));
            for (int i = 0; i < 12; i++) {
                Files.writeString(project.resolve("src/main/resources/public/widget" + i + ".js"),
                        "export const widget" + i + " = () => document.title = '" + student + "';\n");
            }
            projects.put(student, project);
        }

        SimilarityReport report = new SimilarityDetector()
                .analyse(projects, Optional.of(SCAFFOLD), 10, temp.resolve("work10"));

        assertThat(report.language()).isEqualTo("java");
        assertThat(report.pairs()).singleElement().satisfies(pair -> assertThat(pair.similarity()).isGreaterThan(0.95));
    }

    @Test
    void writesNothingToTheConsole() throws IOException {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(printed, true)) {
            System.setOut(capture);
            System.setErr(capture);
            new SimilarityDetector().compare(classOf, Optional.of(SCAFFOLD), 3, temp.resolve("work9"));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertThat(printed.toString()).as("JPlag logs through SLF4J, bound to slf4j-nop").isEmpty();
    }

    @Test
    void refusesANegativeTopAndABaseCodeThatIsNotAFolder() {
        assertThatThrownBy(() -> new SimilarityDetector().compare(classOf, Optional.empty(), -1, temp.resolve("w")))
                .isInstanceOf(LabException.class).hasMessageContaining("0 or more");
        assertThatThrownBy(() -> new SimilarityDetector().compare(classOf, Optional.of(temp.resolve("nope")), 3,
                temp.resolve("w"))).isInstanceOf(LabException.class).hasMessageContaining("pass the lab's scaffold");
    }

    static double similarity(SimilarityReport report, String first, String second) {
        return report.pairs().stream().filter(pair -> pair.first().equals(first) && pair.second().equals(second))
                .findFirst().orElseThrow(() -> new AssertionError("no pair " + first + "/" + second)).similarity();
    }

    static Path copy(Path from, Path to) throws IOException {
        FileTrees.copy(from, to, FileTrees.BUILD_OUTPUT);
        return to;
    }
}
