package dev.labkit.runner.modelserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labkit.checks.sdk.Message;
import dev.labkit.checks.sdk.ModelRequest;
import dev.labkit.runner.modelserver.Passage.Speaker;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the question and the passages are found; DefaultResponderTests checks the answers they give. */
class PromptReaderTests {

    private static Prompt read(Message... messages) {
        return PromptReader.read(new ModelRequest(1, Instant.EPOCH, "ollama", "/api/chat", "chat", "m",
                List.of(messages), List.of(), false, Map.of(), null));
    }

    @Test
    void aConversationWrittenIntoOnePromptAsksItsLastHumanTurn() {
        // LangChain's ConversationChain default prompt (langchain/chains/conversation/prompt.py) with its
        // ConversationBufferMemory history ("Human: ..." and "AI: ..." lines).
        Prompt prompt = read(Message.of("user", "The following is a friendly conversation between a human and an AI. "
                + "The AI is talkative and provides lots of specific details from its context. If the AI does not know "
                + "the answer to a question, it truthfully says it does not know.\n\nCurrent conversation:\n"
                + "Human: Hi, I am Ana\nAI: Hello Ana! How can I help you today?\nHuman: What is my name?\nAI:"));

        assertThat(prompt.question()).isEqualTo("What is my name?");
        assertThat(prompt.passages()).contains(new Passage("Hi, I am Ana", Speaker.USER),
                new Passage("Hello Ana!", Speaker.ASSISTANT));
    }

    @Test
    void readsTaggedContextAndQuestion() {
        Prompt prompt = read(Message.of("user", "<context>Roses need sun.</context>\n<question>Do roses need sun?</question>"));

        assertThat(prompt.question()).isEqualTo("Do roses need sun?");
        assertThat(prompt.passages()).containsExactly(new Passage("Roses need sun.", Speaker.CONTEXT));
    }

    @Test
    void withoutAQuestionMarkTheFirstParagraphIsTheQuestion() {
        Prompt prompt = read(Message.of("user", "Tell me about roses.\n\nRoses need sun. Ferns like shade."));

        assertThat(prompt.question()).isEqualTo("Tell me about roses.");
        assertThat(prompt.passages()).extracting(Passage::text).containsExactly("Roses need sun.", "Ferns like shade.");
    }

    @Test
    void contextAfterAQuestionNeverReplacesIt() {
        Prompt prompt = read(Message.of("user", "How do I reset it?\n\nFAQ. Does it need batteries? No, it plugs in."));

        assertThat(prompt.question()).isEqualTo("How do I reset it?");
    }

    @Test
    void templateBoilerplateIsNeverAPassage() {
        // llama_index.core.prompts.chat_prompts.TEXT_QA_SYSTEM_PROMPT
        Prompt prompt = read(Message.of("system", "You are an expert Q&A system that is trusted around the world.\n"
                        + "Always answer the query using the provided context information, and not prior knowledge.\n"
                        + "Some rules to follow:\n1. Never directly reference the given context in your answer.\n"
                        + "2. Avoid statements like 'Based on the context, ...' or 'The context information ...' or "
                        + "anything along those lines."),
                Message.of("user", "Where does Joe live?"));

        assertThat(prompt.passages()).containsExactly(
                new Passage("You are an expert Q&A system that is trusted around the world.", Speaker.SYSTEM));
    }

    @Test
    void aWrappedLineIsOneSentence() {
        assertThat(Sentences.of("Given the context and provided history information and not prior knowledge,\n"
                + "reply to the user comment. If the answer is not in the context, inform\nthe user.\nRoses need sun."))
                .containsExactly("Given the context and provided history information and not prior knowledge, reply to "
                        + "the user comment.", "If the answer is not in the context, inform the user.", "Roses need sun.");
    }

    @Test
    void metadataLinesSmallTalkAndHeadingsAreNotPassages() {
        Prompt prompt = read(Message.of("system", "Documents:\nfile_path: data/roses.txt\n\nRoses need sun."),
                Message.of("user", "Hello!"), Message.of("assistant", "Nice to meet you."),
                Message.of("user", "Here is my list:\n- Water weekly.\n\nHow often should I water?"));

        assertThat(prompt.question()).isEqualTo("How often should I water?");
        assertThat(prompt.passages()).extracting(Passage::text).containsExactly("Roses need sun.", "Water weekly.");
    }

    @Test
    void aRequestWithOnlyASystemPromptAsksNothing() {
        assertThat(read(Message.of("system", "You are Sprout.")).question()).isEmpty();
        assertThat(new DefaultResponder(SentenceVectors.inProcess())
                .reply(new ModelRequest(1, Instant.EPOCH, "ollama", "/api/chat", "chat", "m",
                        List.of(Message.of("system", "You are Sprout.")), List.of(), false, Map.of(), null)))
                .isEqualTo(DefaultResponder.NO_ANSWER);
    }
}
