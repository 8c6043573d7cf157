package com.example.sprout;

import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.ChatMemoryProvider;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;

/**
 * One chat memory per session; the AI service keeps them by session id. A model request carries
 * the system message, at most the 20 most recent earlier messages, and the new user message.
 */
final class SessionMemories implements ChatMemoryProvider {

    static final int EARLIER_MESSAGES = 20;

    /**
     * langchain4j's window counts the system message, and the new user message joins the memory only
     * once the model has answered: system + 20 earlier messages.
     */
    static final int WINDOW = EARLIER_MESSAGES + 1;

    @Override
    public ChatMemory get(Object sessionId) {
        return MessageWindowChatMemory.builder().id(sessionId).maxMessages(WINDOW).build();
    }
}
