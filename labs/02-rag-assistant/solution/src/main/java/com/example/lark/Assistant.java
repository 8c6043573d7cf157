package com.example.lark;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.input.PromptTemplate;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Answers questions from the knowledge base only: retrieve, then ask the model with the chunks. */
final class Assistant {

    /** Chunks scoring below this (relevance 0-1, i.e. (cosine + 1) / 2) are not about the question. */
    static final double RELEVANCE_THRESHOLD = 0.70;
    static final int SOURCES = 4;
    static final String DONT_KNOW = "I don't know: the Larkspur documents say nothing about that.";

    private static final SystemMessage INSTRUCTIONS = SystemMessage.from("""
            You are Lark, the knowledge assistant of Larkspur Greenhouse Systems. Answer the question \
            using only the information given with it. If that information does not contain the answer, \
            say that you don't know. Be brief and name the document ids you used.""");

    /** langchain4j's own layout for retrieval-augmented questions. */
    private static final PromptTemplate QUESTION = PromptTemplate.from(
            "{{question}}\n\nAnswer using the following information:\n{{information}}");

    private final KnowledgeBase knowledge;
    private final ChatModel chat;

    Assistant(KnowledgeBase knowledge, ChatModel chat) {
        this.knowledge = knowledge;
        this.chat = chat;
    }

    Answer ask(String question) {
        List<EmbeddingMatch<TextSegment>> matches = knowledge.search(question, SOURCES, RELEVANCE_THRESHOLD);
        if (matches.isEmpty()) {
            return new Answer(DONT_KNOW, List.of()); // nothing relevant: the chat model is not asked
        }
        String information = matches.stream()
                .map(m -> "[" + m.embedded().metadata().getString(KnowledgeBase.DOCUMENT_ID) + "] " + m.embedded().text())
                .collect(Collectors.joining("\n\n"));
        UserMessage prompt = QUESTION.apply(Map.of("question", question, "information", information)).toUserMessage();
        String answer = chat.chat(INSTRUCTIONS, prompt).aiMessage().text();
        return new Answer(answer, sources(matches));
    }

    static List<Answer.Source> sources(List<EmbeddingMatch<TextSegment>> matches) {
        return matches.stream().map(m -> new Answer.Source(m.embedded().metadata().getString(KnowledgeBase.DOCUMENT_ID),
                m.embedded().text(), m.score())).toList();
    }
}
