package com.example.sprout;

import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.ChatMemoryProvider;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One chat memory per session. A model request carries the system message, at most the 20 most
 * recent earlier messages, and the new user message. langchain4j keeps the system message first and
 * does not count it in the window.
 */
final class SessionMemories implements ChatMemoryProvider {

    static final int EARLIER_MESSAGES = 20;

    private final Map<Object, ChatMemory> memories = new ConcurrentHashMap<>();

    @Override
    public ChatMemory get(Object sessionId) {
        return memories.computeIfAbsent(sessionId, id -> MessageWindowChatMemory.builder()
                .id(id)
                .maxMessages(EARLIER_MESSAGES + 1)
                .build());
    }

    /** Forgets a session's history. */
    void forget(String sessionId) {
        ChatMemory memory = memories.remove(sessionId);
        if (memory != null) {
            memory.clear();
        }
    }
}
