package dev.labkit.checks.rag;

import dev.labkit.checks.sdk.AppClient;
import dev.labkit.checks.sdk.AppControl;
import dev.labkit.checks.sdk.AppResponse;
import dev.labkit.checks.sdk.Check;
import dev.labkit.checks.sdk.CheckModels;
import dev.labkit.checks.sdk.Expect;
import dev.labkit.checks.sdk.Fixtures;
import dev.labkit.checks.sdk.LabChecks;
import dev.labkit.checks.sdk.LabEnvironment;
import dev.labkit.checks.sdk.Message;
import dev.labkit.checks.sdk.Match;
import dev.labkit.checks.sdk.Metrics;
import dev.labkit.checks.sdk.ModelDeadline;
import dev.labkit.checks.sdk.ModelRequest;
import dev.labkit.checks.sdk.ModelScript;
import dev.labkit.checks.sdk.ModelTraffic;
import dev.labkit.checks.sdk.Tier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Lab 02, the Larkspur knowledge assistant: ingestion, retrieval quality on real embeddings,
 * grounded answers with sources, and the index kept across restarts.
 */
@LabChecks
public class RagChecks {

    static final int MAX_CHUNK = 1000;

    /** A document the checks add, with a fact no corpus document has. */
    static final String ORCHARD_ID = "labkit-check-orchard";
    /** Longer than one chunk may be (about 1,500 characters), so it becomes two chunks or more. */
    static final String ORCHARD_TEXT = """
            The Wrenhaven staff orchard behind building C has eleven quince trees and four medlar trees. \
            Harvest day for the orchard is always the second Saturday of October, and the fruit press is \
            kept in shed number 6. Orchard volunteers sign up with Imogen Thistlewood.

            The quince trees were planted in 2019 on a slope facing south-west, in two rows of five with \
            one tree at the end of the upper row. They are pruned every February, before the buds open, \
            and their fruit is left on the branches until it turns golden and smells sweet. Fallen fruit \
            goes to the compost bays next to the greenhouse, never to the general waste.

            The medlar trees grow along the fence by the car park. Their fruit is picked in November and \
            kept in trays of dry sawdust in the cellar of building C until it softens, which takes two to \
            three weeks. Staff may take home up to one tray each; the rest is made into jelly by the \
            canteen and sold at the winter party, and the money pays for new trees.

            Volunteers meet at the orchard gate at nine on harvest day. Gloves, ladders and baskets are \
            kept in shed number 6 with the press; bring boots, as the grass is often wet. Children of \
            staff are welcome when an adult stays with them, but only adults may use the ladders or the \
            press. Lunch is served in the courtyard at one, and the first juice is poured at three.""";
    static final String BEEHIVE_ID = "labkit-check-beehive";
    static final String BEEHIVE_TEXT = """
            The rooftop beehive of the Wrenhaven office carries the registration code BX-17. Its keeper \
            checks the hive every Thursday and the honey is shared at the winter party.""";
    /** A reply whose new lines, spaces, punctuation and non-ASCII letters an app must pass on as they are. */
    static final String UNCHANGED_REPLY = "\nAccording to the documents:\n\n- staff get **25 days** of leave;\n"
            + "- the café's “quiet hours” run 9–11  (two spaces).\n";
    /**
     * The corpus document rag.persistence changes (and changes back), its new sentence, and the .txt
     * document it adds (and removes).
     */
    static final String CHANGED_ID = "company-history";
    static final String CHANGED_FACT = "In 2026 the founders laid out a sundial garden at Wrenhaven; its keeper is "
            + "Osric Fennimore.";
    static final String ADDED_ID = "labkit-check-bell-tower";
    static final String ADDED_TEXT = """
            # The Wrenhaven bell tower

            The clock of the Wrenhaven bell tower is wound every Sunday by Perpetua Quillfeather, who keeps its \
            key in the reception safe.
            """;
    static final String POND_TEXT = """
            The courtyard pond of the Wrenhaven office carries the registration code PQ-88. Its keeper \
            cleans the filter every Monday and counts the newts each spring.""";

    private static Corpus corpus(Fixtures fixtures) {
        return Corpus.read(fixtures.path("docs"));
    }

    private static ModelRequest lastChat(ModelTraffic traffic, String question) {
        return traffic.lastChatRequest().orElseThrow(() -> Expect.fail("POST /api/ask \"" + question + "\" sent no "
                + "chat request to the model"));
    }

    private static String allText(ModelRequest request) {
        return Corpus.normalise(request.messages().stream().map(Message::content).collect(Collectors.joining(" ")));
    }

    @Check(id = "health", title = "GET /health answers 200 {\"status\":\"ok\"} once the documents are indexed",
            points = 5, hint = "Index LAB_DOCS_DIR first, then answer GET /health with 200 {\"status\":\"ok\"}.")
    void health(AppClient app) {
        Expect.healthy(app);
    }

    @Check(id = "rag.ingest", title = "At start, every document is chunked (at most 1,000 characters, overlapping, "
            + "whole words) and embedded", points = 10, hint = "Split each document into overlapping chunks of at "
                    + "most 1,000 characters cut between words (e.g. langchain4j's DocumentSplitters.recursive(1000, "
                    + "200)) and embed every chunk through LAB_EMBEDDING_MODEL before answering /health.")
    void ingest(LabEnvironment environment, Fixtures fixtures, Metrics metrics) {
        Corpus corpus = corpus(fixtures);
        List<String> inputs = environment.startupTraffic().embeddingRequests().stream()
                .flatMap(r -> r.messages().stream()).map(Message::content).filter(input -> !Corpus.isProbe(input))
                .toList();
        Expect.that(!inputs.isEmpty(), () -> "the app embedded no chunk while starting: index the documents "
                + "of LAB_DOCS_DIR before GET /health answers 200");
        int longest = inputs.stream().mapToInt(String::length).max().orElse(0);
        metrics.record("chunks", inputs.size());
        metrics.record("longest chunk", longest);
        Expect.that(longest <= MAX_CHUNK, () -> "a chunk of " + longest + " characters was embedded; chunks must be "
                + "at most " + MAX_CHUNK + " characters (long documents are split)");

        Map<String, List<Corpus.Location>> chunksByDocument = new HashMap<>();
        List<String> cutWords = new ArrayList<>();
        for (String input : inputs) {
            for (Corpus.Location location : corpus.locate(input)) {
                chunksByDocument.computeIfAbsent(location.documentId(), id -> new ArrayList<>()).add(location);
                if (corpus.cutsAWord(location)) {
                    cutWords.add(location.documentId() + ": \"" + AppClient.shorten(input) + "\"");
                }
            }
        }
        Set<String> missing = new TreeSet<>(corpus.ids());
        missing.removeAll(chunksByDocument.keySet());
        Expect.that(missing.isEmpty(), () -> missing.size() + " of " + corpus.ids().size() + " documents never reached "
                + "the embedding endpoint as chunks of their own text: " + missing);
        Expect.that(cutWords.isEmpty(), () -> "chunks must start and end between words, but " + cutWords.size()
                + " cut a word, e.g. " + cutWords.get(0));
        int pairs = 0;
        int overlapping = 0;
        for (var entry : chunksByDocument.entrySet()) {
            List<Corpus.Location> chunks = new ArrayList<>(entry.getValue());
            chunks.sort((a, b) -> Integer.compare(a.start(), b.start()));
            int length = corpus.text(entry.getKey()).length();
            int covered = coverage(chunks);
            String id = entry.getKey();
            Expect.that(covered >= length * 0.98, () -> "the chunks of " + id + " cover only " + covered + " of its "
                    + length + " characters: text was lost between chunks");
            for (int i = 1; i < chunks.size(); i++) {
                pairs++;
                if (chunks.get(i).start() < chunks.get(i - 1).end()) {
                    overlapping++;
                }
            }
        }
        int allPairs = pairs;
        int overlaps = overlapping;
        Expect.that(allPairs == 0 || overlaps * 2 >= allPairs, () -> "consecutive chunks should overlap, so that a "
                + "fact cut at a chunk boundary is still whole in one chunk; only " + overlaps + " of " + allPairs
                + " pairs of consecutive chunks do");
    }

    private static int coverage(List<Corpus.Location> sortedChunks) {
        int covered = 0;
        int end = 0;
        for (Corpus.Location chunk : sortedChunks) {
            int from = Math.max(end, chunk.start());
            if (chunk.end() > from) {
                covered += chunk.end() - from;
                end = chunk.end();
            }
        }
        return covered;
    }

    @Check(id = "rag.model-names", title = "Embeds with the model named by LAB_EMBEDDING_MODEL and chats with "
            + "LAB_CHAT_MODEL's", points = 5, hint = "Read the models' names from LAB_EMBEDDING_MODEL (for documents "
                    + "and questions alike) and LAB_CHAT_MODEL; never hard-code them.")
    void modelNames(AppClient app, ModelScript model, ModelTraffic traffic, LabEnvironment environment,
            Fixtures fixtures, AppControl control) throws Exception {
        String expected = environment.models().get("embedding");
        String chatModel = environment.models().get("chat");
        Set<String> atStart = environment.startupTraffic().embeddingRequests().stream().map(ModelRequest::model)
                .collect(Collectors.toCollection(TreeSet::new));
        Expect.that(atStart.equals(Set.of(expected)), () -> atStart.isEmpty() ? "no document was embedded while "
                + "starting: index LAB_DOCS_DIR with LAB_EMBEDDING_MODEL (\"" + expected + "\") before GET /health "
                + "answers 200" : "the documents were embedded with " + atStart + ", but LAB_EMBEDDING_MODEL is \""
                + expected + "\"");
        String question = Question.publicSet(fixtures.dir()).get(0).question();
        new RagClient(app).search(question, 4);
        Set<String> forQuery = traffic.embeddingRequests().stream().map(ModelRequest::model)
                .collect(Collectors.toCollection(TreeSet::new));
        Expect.that(forQuery.equals(Set.of(expected)), () -> "a search should embed the query with \"" + expected
                + "\", the model used was " + forQuery);
        model.onChat().reply("Answered from the documents.");
        new RagClient(app).ask(question);
        String asked = lastChat(traffic, question).model();
        Expect.that(chatModel.equals(asked), () -> "POST /api/ask asked the chat model \"" + asked + "\", but "
                + "LAB_CHAT_MODEL is \"" + chatModel + "\"");

        // Names hard-coded to the lab's models pass the above: a start under other names tells.
        control.restart(Map.of("LAB_EMBEDDING_MODEL", CheckModels.EMBEDDING, "LAB_CHAT_MODEL", CheckModels.CHAT));
        try {
            new RagClient(app).search(question, 4);
            List<String> renamed = traffic.embeddingRequests().stream().filter(r -> embedsQuery(r, question))
                    .map(ModelRequest::model).toList();
            String last = renamed.isEmpty() ? "nothing" : "\"" + renamed.get(renamed.size() - 1) + "\"";
            Expect.that(!renamed.isEmpty() && CheckModels.EMBEDDING.equals(renamed.get(renamed.size() - 1)), () ->
                    "restarted with LAB_EMBEDDING_MODEL=" + CheckModels.EMBEDDING + ", a search embedded the query"
                            + " with " + last + ": the name seems hard-coded");
            new RagClient(app).ask(question);
            String renamedChat = lastChat(traffic, question).model();
            Expect.that(CheckModels.CHAT.equals(renamedChat), () -> "restarted with LAB_CHAT_MODEL="
                    + CheckModels.CHAT + ", POST /api/ask asked the chat model \"" + renamedChat + "\": the name "
                    + "seems hard-coded");
        } finally {
            control.restart();
        }
    }

    @Check(id = "rag.search", title = "GET /api/search returns k chunks of the documents, best first", points = 10,
            hint = "Embed the query, ask the vector store for the k nearest chunks, and return each with its "
                    + "documentId, its text and its score, highest score first.")
    void search(AppClient app, ModelTraffic traffic, Fixtures fixtures) {
        Corpus corpus = corpus(fixtures);
        Question question = Question.publicSet(fixtures.dir()).get(0);
        RagClient rag = new RagClient(app);

        List<RagClient.Hit> four = rag.search(question.question(), 4);
        List<RagClient.Hit> two = rag.search(question.question(), 2);
        AppResponse withoutK = app.get(RagClient.searchPath(question.question()));
        List<RagClient.Hit> byDefault = RagClient.results(withoutK);

        Expect.that(four.size() == 4, () -> "k=4 should return 4 results (the index holds far more chunks), got "
                + four.size());
        Expect.that(two.size() == 2, () -> "k=2 should return 2 results, got " + two.size());
        Expect.that(byDefault.size() == 4, () -> "without k, a search should return 4 results (k defaults to 4), "
                + "got " + byDefault.size());
        Expect.jsonMediaType(withoutK);
        for (int i = 0; i < four.size(); i++) {
            RagClient.Hit hit = four.get(i);
            Expect.that(corpus.contains(hit.documentId()) || hit.documentId().startsWith("labkit-check-"), () ->
                    "result documentId \"" + hit.documentId() + "\" is not a document id (a file name without its "
                            + "extension)");
            Expect.that(!hit.text().isBlank() && (!corpus.contains(hit.documentId())
                    || corpus.text(hit.documentId()).contains(Corpus.normalise(hit.text()))), () -> "a result's text "
                    + "should be a chunk of its document as written, got: " + AppClient.shorten(hit.text()));
            if (i > 0) {
                RagClient.Hit previous = four.get(i - 1);
                Expect.that(previous.score() >= hit.score(), () -> "results should come best first, but score "
                        + previous.score() + " comes before " + hit.score());
            }
        }
        Expect.that(traffic.embeddingRequests().stream().anyMatch(r -> embedsQuery(r, question.question())), () ->
                "the query should be embedded through the model server (POST /api/embed, /api/embeddings or "
                        + "/v1/embeddings with the query as input); no such request was seen");
    }

    /**
     * Whether an embedding request carries the query: as an input, or within one (whitespace may
     * differ, and some models want a prefix such as nomic-embed-text's "search_query: ").
     */
    static boolean embedsQuery(ModelRequest embedding, String query) {
        String wanted = Corpus.normalise(query);
        return embedding.messages().stream().anyMatch(m -> Corpus.normalise(m.content()).contains(wanted));
    }

    @Check(id = "rag.retrieval-recall", title = "Public questions: the gold document is in the top 4 for at least 85%",
            points = 10, hint = "Improve retrieval: smaller chunks, overlap, keeping titles and headings with their "
                    + "paragraphs. The metrics show where you stand.")
    void retrievalRecall(AppClient app, Fixtures fixtures, Metrics metrics) {
        Retrieval retrieval = Retrieval.measure(new RagClient(app), Question.publicSet(fixtures.dir()));
        retrieval.record(metrics);
        Expect.that(retrieval.meetsTheBar(), () -> retrieval.describe("public"));
    }

    @Check(id = "rag.retrieval-hidden", title = "Hidden questions: the gold document is in the top 4 for at least 85%",
            points = 10, hidden = true, hint = "Retrieval that works on the public questions should work on others.")
    void retrievalHidden(AppClient app, Metrics metrics, LabEnvironment lab) {
        Retrieval retrieval = Retrieval.measure(new RagClient(app), Question.hiddenSet(lab.hiddenDir()));
        retrieval.record(metrics);
        Expect.that(retrieval.meetsTheBar(), () -> retrieval.describe("hidden"));
    }

    @Check(id = "rag.context", title = "One chat request carries the question and the retrieved chunks, and the "
            + "answer is the model's reply, unchanged", points = 10, hint = "Send one chat request with the question "
                    + "and the retrieved chunks (e.g. after the question: \"Answer using the following information:\") "
                    + "and return the model's reply as it is, new lines and all.")
    void context(AppClient app, ModelScript model, ModelTraffic traffic, Fixtures fixtures) {
        model.onChat().reply(UNCHANGED_REPLY);
        for (Question question : Question.publicSet(fixtures.dir()).subList(0, 3)) {
            int before = traffic.chatRequests().size();
            AppResponse response = app.postJson("/api/ask", Map.of("question", question.question()));
            RagClient.Answer answer = RagClient.answer(response);
            Expect.jsonMediaType(response);
            ModelRequest chat = lastChat(traffic, question.question());
            int sentNow = traffic.chatRequests().size() - before;
            Expect.that(sentNow == 1, () -> "POST /api/ask \"" + question.question() + "\" should send one chat "
                    + "request to the model, it sent " + sentNow);
            Expect.that(chat.lastUserMessage().contains(question.question()) || allText(chat)
                    .contains(Corpus.normalise(question.question())), () -> "the chat request should carry the "
                    + "user's question \"" + question.question() + "\"");
            String sent = allText(chat).toLowerCase(Locale.ROOT);
            Expect.that(sent.contains(question.answer().toLowerCase(Locale.ROOT)), () -> "for \"" + question.question()
                    + "\" the chat request should carry the chunk of " + question.document() + " that holds the answer"
                    + " (\"" + question.answer() + "\"), but it does not; see the transcript");
            for (RagClient.Hit source : answer.sources()) {
                Expect.that(sent.contains(Corpus.normalise(source.text()).toLowerCase(Locale.ROOT)), () -> "every "
                        + "source returned should have been sent to the model, but this one was not: "
                        + AppClient.shorten(source.text()));
            }
            Expect.unchanged(answer.answer(), UNCHANGED_REPLY, "answer");
        }
    }

    @Check(id = "rag.citations", title = "POST /api/ask names its sources, including the gold document",
            points = 10, hint = "Return the chunks you sent to the model as \"sources\": documentId, text, score.")
    void citations(AppClient app, ModelScript model, Fixtures fixtures) {
        model.onChat().reply("Answered from the sources.");
        RagClient rag = new RagClient(app);
        List<Question> questions = Question.publicSet(fixtures.dir());
        List<String> missed = new ArrayList<>();
        for (Question question : questions) {
            RagClient.Answer answer = rag.ask(question.question());
            if (answer.sources().stream().noneMatch(s -> s.documentId().equals(question.document()))) {
                missed.add(question.id() + " (gold: " + question.document() + ", sources: "
                        + answer.sources().stream().map(RagClient.Hit::documentId).toList() + ")");
            }
        }
        int cited = questions.size() - missed.size();
        Expect.that(cited >= Math.ceil(questions.size() * Retrieval.RECALL_BAR), () -> "the gold document should be "
                + "among the sources for at least " + Math.round(Retrieval.RECALL_BAR * 100) + "% of the public "
                + "questions; it was for " + cited + " of " + questions.size() + ". Missed: " + missed);
    }

    @Check(id = "rag.no-answer", title = "Off-topic questions: a \"don't know\" answer, no sources, no chat request",
            points = 5, hint = "Keep only chunks above a relevance threshold; when none is left, answer that you "
                    + "don't know without calling the chat model.")
    void noAnswer(AppClient app, ModelTraffic traffic, Fixtures fixtures) {
        RagClient rag = new RagClient(app);
        for (String question : Question.offTopic(fixtures.dir())) {
            RagClient.Answer answer = rag.ask(question);
            Expect.that(answer.sources().isEmpty(), () -> "\"" + question + "\" has nothing to do with the documents, "
                    + "yet the app returned sources " + answer.sources().stream().map(RagClient.Hit::documentId)
                    .toList() + ": use a relevance threshold");
            Expect.that(!answer.answer().isBlank(), () -> "\"" + question + "\": the answer should say that the "
                    + "documents do not cover it; it is empty");
            Expect.that(traffic.chatRequests().isEmpty(), () -> "\"" + question + "\": with no relevant chunk the "
                    + "chat model must not be called, but it was");
        }
    }

    @Check(id = "rag.add-document", title = "POST /api/documents adds a document, says how many chunks it became, "
            + "and search then finds it", points = 5, hint = "Chunk, embed and store the posted text under its id; "
                    + "answer 201 {\"id\", \"chunks\"} with the number of chunks.")
    void addDocument(AppClient app, ModelTraffic traffic) {
        AppResponse added = new RagClient(app).addDocument(ORCHARD_ID, "The staff orchard", ORCHARD_TEXT, false);
        List<String> embedded = traffic.embeddingRequests().stream().flatMap(r -> r.messages().stream())
                .map(Message::content).filter(input -> !Corpus.isProbe(input)).toList();
        Expect.that(!embedded.isEmpty(), () -> "the posted document was never embedded");
        int chunks = added.json().get("chunks").asInt();
        Expect.that(chunks == embedded.size(), () -> "the posted document (" + ORCHARD_TEXT.length() + " characters) "
                + "was embedded as " + embedded.size() + " chunk(s), but the answer says \"chunks\": " + chunks
                + ": it should say how many chunks the text became");
        List<RagClient.Hit> hits = new RagClient(app).search("How many quince trees grow in the staff orchard?", 4);
        Expect.that(!hits.isEmpty() && hits.get(0).documentId().equals(ORCHARD_ID), () -> "after adding "
                + ORCHARD_ID + ", a question about it should find it first; got "
                + hits.stream().map(RagClient.Hit::documentId).toList());
    }

    @Check(id = "rag.replace-document", title = "Posting an existing id replaces its chunks (no duplicates)",
            points = 5, hint = "Before storing a document's chunks, remove the chunks stored under its id; answer "
                    + "{\"id\", \"chunks\"} as for a new document, with or without a title.")
    void replaceDocument(AppClient app) {
        RagClient rag = new RagClient(app);
        rag.addDocument(BEEHIVE_ID, "Hive", BEEHIVE_TEXT, false);
        rag.addDocument(BEEHIVE_ID, "Hive", BEEHIVE_TEXT, true);
        rag.addDocument(BEEHIVE_ID, null, POND_TEXT, true); // the brief makes title optional
        List<RagClient.Hit> pond = rag.search("What is the registration code of the courtyard pond?", 10);
        List<RagClient.Hit> ours = pond.stream().filter(h -> h.documentId().equals(BEEHIVE_ID)).toList();
        Expect.that(!ours.isEmpty() && ours.stream().allMatch(h -> h.text().contains("PQ-88")), () -> "after "
                + "replacing " + BEEHIVE_ID + " its chunks should be the new text only; search returned: "
                + ours.stream().map(h -> AppClient.shorten(h.text())).toList());
        Expect.that(ours.size() == 1, () -> "the replaced document is one chunk long, but search returned it "
                + ours.size() + " times: posting an id again must not add duplicate chunks");
        List<RagClient.Hit> hive = rag.search("What is the registration code of the rooftop beehive?", 10);
        Expect.that(hive.stream().noneMatch(h -> h.text().contains("BX-17")), () -> "the old text of " + BEEHIVE_ID
                + " (the beehive) is still found after it was replaced");
    }

    @Check(id = "rag.persistence", title = "After a restart: healthy, nothing re-embedded, search still works; "
            + "a changed or new document is embedded at the next start", points = 5, hint = "Keep the index (chunks, "
                    + "embeddings, a hash of each document's text) in LAB_DATA_DIR and embed only new or changed "
                    + "documents at start.")
    void persistence(AppClient app, AppControl control, ModelTraffic traffic, Fixtures fixtures,
            LabEnvironment environment) throws Exception {
        Corpus corpus = corpus(fixtures);
        control.restart();

        List<String> reembedded = traffic.embeddingRequests().stream().flatMap(r -> r.messages().stream())
                .map(Message::content).filter(input -> !Corpus.isProbe(input) && !corpus.locate(input).isEmpty())
                .toList();
        Expect.that(reembedded.isEmpty(), () -> "after a restart, " + reembedded.size() + " chunks of unchanged "
                + "documents were embedded again: keep the index in LAB_DATA_DIR");
        Question question = Question.publicSet(fixtures.dir()).get(1);
        List<RagClient.Hit> hits = new RagClient(app).search(question.question(), 4);
        Expect.that(hits.stream().anyMatch(h -> h.documentId().equals(question.document())), () -> "after a restart, "
                + "search should still find " + question.document() + " for \"" + question.question() + "\"; got "
                + hits.stream().map(RagClient.Hit::documentId).toList());

        // The next start: one document of LAB_DOCS_DIR changed, one new (a .txt: the corpus has only .md
        // files); only those two are embedded.
        Path docs = Path.of(environment.appEnvironment().get("LAB_DOCS_DIR"));
        Path changed = docs.resolve(CHANGED_ID + ".md");
        Path added = docs.resolve(ADDED_ID + ".txt");
        String original = Files.readString(changed);
        try {
            Files.writeString(changed, original.stripTrailing() + "\n\n" + CHANGED_FACT + "\n");
            Files.writeString(added, ADDED_TEXT);
            int before = traffic.embeddingRequests().size();
            control.restart();
            List<ModelRequest> atStart = traffic.embeddingRequests();
            List<String> embedded = atStart.subList(before, atStart.size()).stream()
                    .flatMap(r -> r.messages().stream()).map(Message::content).map(Corpus::normalise).toList();
            // Names, not whole sentences: a chunk boundary may fall inside a sentence.
            Expect.that(embedded.stream().anyMatch(input -> input.contains("Osric Fennimore")), () ->
                    "after " + CHANGED_ID + ".md changed in LAB_DOCS_DIR, the next start should embed its new text, "
                            + "but no chunk with \"" + CHANGED_FACT + "\" was embedded: compare a hash of each "
                            + "document's text with the one you indexed");
            Expect.that(embedded.stream().anyMatch(input -> input.contains("Perpetua Quillfeather")), () -> "after "
                    + ADDED_ID + ".txt was added to LAB_DOCS_DIR, the next start should index it (.md and .txt "
                    + "files are documents), but none of its text was embedded");
            List<String> others = embedded.stream().filter(input -> !Corpus.isProbe(input))
                    .filter(input -> {
                        List<Corpus.Location> places = corpus.locate(input);
                        return !places.isEmpty() && places.stream().noneMatch(l -> l.documentId().equals(CHANGED_ID));
                    })
                    .toList();
            Expect.that(others.isEmpty(), () -> "after one document changed, the next start embedded "
                    + others.size() + " chunks of unchanged documents again, e.g. \""
                    + (others.isEmpty() ? "" : AppClient.shorten(others.get(0))) + "\": embed only what changed");
        } finally {
            Files.writeString(changed, original);
            Files.deleteIfExists(added);
            control.restart();
        }
    }

    @Check(id = "rag.validation", title = "Bad requests get 400 with a JSON error, and no model is called",
            points = 5, hint = "Validate before embedding or chatting: a JSON object, a non-blank question, a "
                    + "document with a non-blank id and text (strings), a non-blank q, a k from 1 to 20.")
    void validation(AppClient app, ModelTraffic traffic) {
        Map<String, String> asks = new LinkedHashMap<>();
        asks.put("{not json", "POST /api/ask with broken JSON");
        asks.put("[\"How many days of leave?\"]", "POST /api/ask with a JSON array");
        asks.put("{}", "POST /api/ask without a question");
        asks.put("{\"question\":\"   \"}", "POST /api/ask with a blank question");
        asks.put("{\"question\":7}", "POST /api/ask with a number as the question");
        asks.forEach((body, situation) -> refused(app.postJson("/api/ask", body), situation));
        Map<String, String> documents = new LinkedHashMap<>();
        documents.put("{\"id\":\"labkit-check-empty\"}", "POST /api/documents without text");
        documents.put("{\"id\":\"labkit-check-empty\",\"text\":\"  \"}", "POST /api/documents with a blank text");
        documents.put("{\"text\":\"A document without an id.\"}", "POST /api/documents without an id");
        documents.put("{\"id\":\"  \",\"text\":\"A document with a blank id.\"}", "POST /api/documents with a "
                + "blank id");
        documents.put("{\"id\":42,\"text\":\"A document with a number as its id.\"}", "POST /api/documents with a "
                + "number as the id");
        documents.put("{\"id\":\"labkit-check-number\",\"text\":42}", "POST /api/documents with a number as the text");
        documents.put("[]", "POST /api/documents with a JSON array");
        documents.forEach((body, situation) -> refused(app.postJson("/api/documents", body), situation));
        Map<String, String> searches = new LinkedHashMap<>();
        searches.put("", "GET /api/search without q");
        searches.put("?q=%20", "GET /api/search with a blank q");
        for (String k : List.of("0", "21", "-1", "four", "2.5")) {
            searches.put("?q=leave&k=" + k, "GET /api/search with k=" + k + " (k is a whole number from 1 to 20)");
        }
        searches.forEach((query, situation) -> refused(app.get("/api/search" + query), situation));
        Expect.that(traffic.requests().isEmpty(), () -> "invalid requests must be refused before any model is "
                + "called, but the model received " + traffic.requests().size() + " request(s)");
    }

    /** The brief's refusal: the JSON error of {@link Expect#jsonError}, sent as application/json. */
    private static void refused(AppResponse response, String situation) {
        Expect.jsonError(response, 400, situation);
        Expect.jsonMediaType(response);
    }

    @Check(id = "rag.model-errors", title = "A failing model becomes 502, a silent one 504 within 12 s of the model "
            + "request; the app stays healthy", points = 5, hint = "Give the model clients a timeout of about 10 s "
                    + "and turn their failures into 502 (an error status, no connection) or 504 (too slow) with "
                    + "{\"error\": \"...\"} in words for the user, never the exception's text.")
    void modelErrors(AppClient app, ModelScript model, ModelTraffic traffic, Fixtures fixtures) {
        String question = Question.publicSet(fixtures.dir()).get(0).question();
        model.when(Match.embeddings()).fail(500);
        Expect.jsonError(app.get(RagClient.searchPath(question, 4)), 502, "GET /api/search when the embedding "
                + "model answers 500");
        model.clear();
        model.onChat().fail(500);
        Expect.jsonError(app.postJson("/api/ask", Map.of("question", question)), 502, "POST /api/ask when the chat "
                + "model answers 500");
        model.clear();
        model.onChat().stall(ModelDeadline.STALL);
        Instant sent = Instant.now();
        AppResponse silent = ModelDeadline.client(app).postJson("/api/ask", Map.of("question", question));
        ModelDeadline.expectGatewayTimeout(silent, sent, traffic, "POST /api/ask when the chat model is silent");
        Expect.that(app.get("/health").status() == 200, () -> "after the model's failures the app should stay "
                + "healthy; GET /health answered " + app.get("/health"));
    }

    @Check(id = "live.rag.answer", title = "With a real model: answers contain the gold answers", points = 5,
            tier = Tier.LIVE, models = {"chat", "embedding"})
    void liveAnswer(AppClient app, Fixtures fixtures) {
        RagClient rag = new RagClient(app.withTimeout(java.time.Duration.ofSeconds(120)));
        List<Question> questions = Question.publicSet(fixtures.dir()).subList(0, 5);
        List<String> wrong = new ArrayList<>();
        for (Question question : questions) {
            String answer = rag.ask(question.question()).answer();
            if (!answer.toLowerCase(Locale.ROOT).contains(question.answer().toLowerCase(Locale.ROOT))) {
                wrong.add(question.id() + ": expected \"" + question.answer() + "\" in \"" + AppClient.shorten(answer) + "\"");
            }
        }
        Expect.that(wrong.size() <= 1, () -> "a real model given the right chunks should answer at least 4 of 5 "
                + "questions with the gold answer; wrong: " + wrong);
    }

    @Check(id = "live.rag.refusal", title = "With a real model: an unanswerable question gets \"don't know\"",
            points = 5, tier = Tier.LIVE, models = "chat")
    void liveRefusal(AppClient app) {
        String answer = new RagClient(app.withTimeout(java.time.Duration.ofSeconds(120)))
                .ask("What is the favourite colour of the chief executive of Larkspur Greenhouse Systems?").answer()
                .toLowerCase(Locale.ROOT);
        Expect.that(answer.contains("know") || answer.contains("not") || answer.contains("no information"), () ->
                "asked something the documents do not say, the answer should admit it; it was: "
                        + AppClient.shorten(answer));
    }
}
