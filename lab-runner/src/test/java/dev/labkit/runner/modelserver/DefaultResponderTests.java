package dev.labkit.runner.modelserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.checks.sdk.Message;
import dev.labkit.checks.sdk.ModelRequest;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;

/**
 * The default answer with the real in-process embedding model, on the prompts that the common
 * libraries really send: each template is copied from its project's source or docs (cited where it
 * is used) and filled in the way the library fills it.
 */
class DefaultResponderTests {

    private static final DefaultResponder RESPONDER = new DefaultResponder(SentenceVectors.inProcess());

    /** Lab 01's reference persona (labs/01-chatbot/solution, Sprout.PERSONA). */
    private static final String SPROUT = "You are Sprout, a friendly gardening assistant. You help people grow healthy "
            + "plants: watering, soil, light, pests, pruning and harvests. Answer warmly and briefly, and say so when "
            + "you are not sure.";

    private static ModelRequest chat(Object format, Message... messages) {
        return new ModelRequest(1, Instant.EPOCH, "ollama", "/api/chat", "chat", "m", List.of(messages), List.of(),
                false, Map.of(), format);
    }

    private static ModelRequest chat(Message... messages) {
        return chat(null, messages);
    }

    private static Message system(String text) {
        return Message.of("system", text);
    }

    private static Message user(String text) {
        return Message.of("user", text);
    }

    private static Message assistant(String text) {
        return Message.of("assistant", text);
    }

    /** The answer, with what was read and how each passage scored when the assertion fails. */
    private static AbstractStringAssert<?> assertAnswer(ModelRequest request) {
        Prompt prompt = PromptReader.read(request);
        String scores = new SentenceRanker(SentenceVectors.inProcess()).scores(prompt).orElse(List.of()).stream()
                .map(s -> String.format(Locale.ROOT, "  %.3f (cos %.3f, words %.2f, person %+.2f) %s: %s",
                        s.score(), s.cosine(), s.sharedWords(), s.person(), s.passage().speaker(), s.passage().text()))
                .collect(Collectors.joining("\n"));
        return assertThat(RESPONDER.reply(request))
                .as("question read: \"%s\"; passages scored:%n%s", prompt.question(), scores);
    }

    // The prompt layouts of the common libraries.

    @Test
    void readsLangchain4jsDefaultContentInjector() {
        // langchain4j DefaultContentInjector.DEFAULT_PROMPT_TEMPLATE: "{{userMessage}}\n\nAnswer using the following
        // information:\n{{contents}}", segments joined with "\n\n" (langchain4j-core, rag/content/injector).
        ModelRequest request = chat(system("You are Lark, the knowledge assistant of Larkspur Greenhouse Systems. "
                        + "Answer the question using only the information given with it."),
                user("Who founded Bramble Co?\n\nAnswer using the following information:\n"
                        + "Bramble Co sells garden tools in three shops.\n\n"
                        + "Bramble Co was founded by Ada Moss in 1999.\n\nIts office is in Leeds."));

        assertAnswer(request).isEqualTo("Bramble Co was founded by Ada Moss in 1999.");
    }

    @Test
    void readsSpringAisQuestionAnswerAdvisor() {
        // Spring AI 1.0 QuestionAnswerAdvisor.DEFAULT_PROMPT_TEMPLATE (advisors/spring-ai-advisors-vector-store),
        // documents joined with System.lineSeparator(); the advisor replaces the user message with it.
        String prompt = """
                How many hours of sun do roses need?

                Context information is below, surrounded by ---------------------

                ---------------------
                Ferns grow best in shade and moist soil.
                Roses need six hours of direct sun a day.
                Water roses deeply once a week.
                ---------------------

                Given the context and provided history information and not prior knowledge,
                reply to the user comment. If the answer is not in the context, inform
                the user that you can't answer the question.
                """;

        assertAnswer(chat(user(prompt))).isEqualTo("Roses need six hours of direct sun a day.");
    }

    @Test
    void readsSpringAisRetrievalAugmentationAdvisor() {
        // Spring AI 1.0 ContextualQueryAugmenter.DEFAULT_PROMPT_TEMPLATE (spring-ai-rag), used by the
        // RetrievalAugmentationAdvisor: context before the query, rules, and an "Answer:" slot.
        String prompt = """
                Context information is below.

                ---------------------
                Bramble Co sells garden tools in three shops.
                Bramble Co was founded by Ada Moss in 1999.
                ---------------------

                Given the context information and no prior knowledge, answer the query.

                Follow these rules:

                1. If the answer is not in the context, just say that you don't know.
                2. Avoid statements like "Based on the context..." or "The provided information...".

                Query: Who founded Bramble Co?

                Answer:
                """;

        assertAnswer(chat(user(prompt))).isEqualTo("Bramble Co was founded by Ada Moss in 1999.");
    }

    @Test
    void readsTheMemorySpringAisPromptChatMemoryAdvisorPutsInTheSystemMessage() {
        // Spring AI 1.0 PromptChatMemoryAdvisor.DEFAULT_SYSTEM_PROMPT_TEMPLATE (spring-ai-client-chat): the
        // conversation goes into the system message as "MESSAGE_TYPE:text" lines; the user message is the question.
        String systemPrompt = SPROUT + """


                Use the conversation memory from the MEMORY section to provide accurate answers.

                ---------------------
                MEMORY:
                USER:Hi, I am Ana and I grow beans on my balcony.
                ASSISTANT:Beans are a great choice for a balcony.
                ---------------------

                """;

        assertAnswer(chat(system(systemPrompt), user("What is my name?")))
                .isEqualTo("You are Ana and you grow beans on your balcony.");
    }

    @Test
    void readsLangChainHubRagPrompt() {
        // LangChain hub rlm/rag-prompt (one human message), as used by LangChain's RAG tutorial, which joins
        // the documents with "\n\n" (format_docs).
        String prompt = "You are an assistant for question-answering tasks. Use the following pieces of retrieved "
                + "context to answer the question. If you don't know the answer, just say that you don't know. Use "
                + "three sentences maximum and keep the answer concise.\n"
                + "Question: How many hours of sun do roses need? \n"
                + "Context: Ferns grow best in shade and moist soil.\n\n"
                + "Roses need six hours of direct sun a day.\n\nWater roses deeply once a week. \n"
                + "Answer:";

        assertAnswer(chat(user(prompt))).isEqualTo("Roses need six hours of direct sun a day.");
    }

    /**
     * llama_index.core.prompts.default_prompts.DEFAULT_TEXT_QA_PROMPT_TMPL (also the user message of
     * chat_prompts.CHAT_TEXT_QA_PROMPT), filled with {@code context} (nodes joined with "\n\n") and {@code query}.
     */
    private static String llamaIndexTextQa(String context, String query) {
        return "Context information is below.\n"
                + "---------------------\n"
                + context + "\n"
                + "---------------------\n"
                + "Given the context information and not prior knowledge, answer the query.\n"
                + "Query: " + query + "\n"
                + "Answer: ";
    }

    @Test
    void readsLlamaIndexsDefaultTextQaTemplate() {
        // Each node is written with its metadata first: "file_path: ...", a blank line, the text.
        String prompt = llamaIndexTextQa("file_path: data/ferns.txt\n\nFerns grow best in shade and moist soil.\n\n"
                + "file_path: data/roses.txt\n\nRoses need six hours of direct sun a day. Water roses deeply once a week.",
                "How many hours of sun do roses need?");

        assertAnswer(chat(user(prompt))).isEqualTo("Roses need six hours of direct sun a day.");
    }

    @Test
    void readsLlamaIndexsChatTextQaPromptWithItsSystemMessage() {
        // llama_index.core.prompts.chat_prompts.TEXT_QA_SYSTEM_PROMPT, then the text QA template as the user message.
        String systemPrompt = "You are an expert Q&A system that is trusted around the world.\n"
                + "Always answer the query using the provided context information, and not prior knowledge.\n"
                + "Some rules to follow:\n"
                + "1. Never directly reference the given context in your answer.\n"
                + "2. Avoid statements like 'Based on the context, ...' or 'The context information ...' or anything "
                + "along those lines.";
        String prompt = llamaIndexTextQa("Joe lives in Berlin.\n\nJoe is a software engineer.", "Where does Joe live?");

        assertAnswer(chat(system(systemPrompt), user(prompt))).isEqualTo("Joe lives in Berlin.");
    }

    @Test
    void readsHaystacksPromptBuilderRagTemplate() {
        // The RAG template of Haystack's PromptBuilder docstring (haystack/components/builders/prompt_builder.py),
        // indented as written there, rendered as Jinja2 renders it by default: the {% for %} and {% endfor %}
        // lines leave their indentation and line ends behind.
        String prompt = "\n        Given these documents, answer the question.\n        Documents:\n        "
                + "\n            Joe lives in Berlin\n        "
                + "\n            Joe is a software engineer\n        "
                + "\n\n        Question: Where does Joe live?\n        Answer:\n        ";

        assertAnswer(chat(user(prompt))).isEqualTo("Joe lives in Berlin");
    }

    // Layouts in general.

    @Test
    void readsContextLabelledBeforeTheQuestion() {
        String prompt = "Context:\nFerns grow best in shade. Roses need six hours of direct sun a day.\n\n"
                + "Question: How many hours of sun do roses need?";

        assertAnswer(chat(user(prompt))).isEqualTo("Roses need six hours of direct sun a day.");
    }

    @Test
    void readsContextAfterAQuestionWithoutLabels() {
        String prompt = "Who founded Bramble Co?\n\nBramble Co sells garden tools.\nBramble Co was founded by Ada Moss in 1999.";

        assertAnswer(chat(user(prompt))).isEqualTo("Bramble Co was founded by Ada Moss in 1999.");
    }

    @Test
    void readsContextInTheSystemMessage() {
        ModelRequest request = chat(system("You are Lark, the assistant of Larkspur Greenhouse Systems.\n\n"
                        + "Context:\nLarkspur was founded in Leeds in 2009. Its chief executive is Dana Okafor."),
                user("Who is the chief executive of Larkspur?"));

        assertAnswer(request).isEqualTo("Its chief executive is Dana Okafor.");
    }

    @Test
    void answersAQuestionFromTheFactStatedBeforeIt() {
        assertAnswer(chat(user("Tomatoes need full sun. Do tomatoes need sun?"))).isEqualTo("Tomatoes need full sun.");
    }

    @Test
    void neverAnswersWithTemplateBoilerplateOrTheAnswerSlot() {
        String prompt = llamaIndexTextQa("Quartz is hard.", "What is the refund policy?");

        assertAnswer(chat(user(prompt))).isEqualTo(DefaultResponder.NO_ANSWER);
    }

    // A conversation.

    @Test
    void recallsTheNameTheUserGaveEarlier() {
        ModelRequest request = chat(system(SPROUT), user("Hi, I am Ana"), assistant("Nice to meet you."),
                user("What is my name?"));

        assertAnswer(request).isEqualTo("You are Ana");
    }

    @Test
    void saysWhoItIsFromTheSystemPrompt() {
        assertAnswer(chat(system(SPROUT), user("Who are you?"))).startsWith("I am Sprout, a friendly gardening assistant.");
    }

    /** What lab 01's live checks ask when a lab model stands in for the real one (LabSolutionsTests). */
    @Test
    void passesLab01sLiveQuestions() {
        assertAnswer(chat(system(SPROUT), user("Who are you, and what can you help me with?")))
                .containsAnyOf("Sprout", "garden", "plant");
        assertAnswer(chat(system(SPROUT), user("Hello! My name is Marigold and I grow pumpkins."),
                assistant("I am Sprout, a friendly gardening assistant."), user("What is my name?")))
                .isEqualTo("Your name is Marigold and you grow pumpkins.");
    }

    @Test
    void picksTheSentenceSharingMostQuestionWords() {
        ModelRequest request = chat(system("You are Sprout. Roses need six hours of sun. Ferns like shade."),
                user("How many hours of sun do roses need?"));

        assertAnswer(request).isEqualTo("Roses need six hours of sun.");
    }

    // The threshold, both sides.

    @Test
    void saysItDoesNotKnowWhenNothingRelevantWasGiven() {
        assertAnswer(chat(user("Quantum chromodynamics?"))).isEqualTo(DefaultResponder.NO_ANSWER);
        assertAnswer(chat(system(SPROUT), user("Hi, I am Ana"), assistant("Nice to meet you."),
                user("What is the capital of France?"))).isEqualTo(DefaultResponder.NO_ANSWER);
        // Just under the threshold: a sentence about the user, but not their name.
        assertAnswer(chat(system(SPROUT), user("I grow chillies on my balcony."), assistant("Chillies love heat."),
                user("What is my name?"))).isEqualTo(DefaultResponder.NO_ANSWER);
    }

    @Test
    void recallsWhatTheUserSaidWhenAskedInOtherWords() {
        assertAnswer(chat(system(SPROUT), user("Hi, I'm Robin."), assistant("Nice to meet you, Robin!"),
                user("I grow chillies on my balcony."), assistant("Chillies love heat."),
                user("What was my name again?"))).isEqualTo("You're Robin.");
    }

    @Test
    void answersWhenARelatedSentenceSharesNoWordWithTheQuestion() {
        ModelRequest request = chat(system("Larkspur ships orders within two working days."),
                user("How long does delivery take?"));

        assertAnswer(request).isEqualTo("Larkspur ships orders within two working days.");
    }

    @Test
    void givesTheSameAnswerEveryTimeAndOnEveryServer() {
        ModelRequest request = chat(system(SPROUT), user("Hi, I am Ana"), assistant("Nice to meet you."),
                user("Which herbs grow well on a windowsill?"));
        String first = RESPONDER.reply(request);

        for (int i = 0; i < 3; i++) {
            assertThat(RESPONDER.reply(request)).isEqualTo(first);
            assertThat(new DefaultResponder(SentenceVectors.inProcess()).reply(request)).isEqualTo(first);
        }
    }

    /** Mock: the ONNX runtime loads on every machine these tests run on, so its failure is simulated. */
    @Test
    void fallsBackToSharedWordsWhenTheEmbeddingModelCannotLoad() {
        DefaultResponder withoutModel = new DefaultResponder(new SentenceVectors(texts -> {
            throw new UnsatisfiedLinkError("no onnxruntime in java.library.path");
        }));

        assertThat(withoutModel.reply(chat(system("Roses need six hours of sun. Ferns like shade."),
                user("How many hours of sun do roses need?")))).isEqualTo("Roses need six hours of sun.");
        assertThat(withoutModel.reply(chat(user("Quantum chromodynamics?")))).isEqualTo(DefaultResponder.NO_ANSWER);
    }

    // The shape of the answer.

    @Test
    void answersJsonWhenAsked() {
        Message hello = user("Quantum chromodynamics?");
        assertThat(RESPONDER.reply(chat("json", hello))).isEqualTo("{\"answer\":\"" + DefaultResponder.NO_ANSWER + "\"}");
        assertThat(RESPONDER.reply(chat(Map.of("type", "json_object"), hello))).startsWith("{\"answer\":");
        assertThat(RESPONDER.reply(chat(Map.of("type", "text"), hello))).isEqualTo(DefaultResponder.NO_ANSWER);
    }
}
