package com.example.sprout;

import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.TokenStream;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.memory.ChatMemoryAccess;

/**
 * Sprout, as a langchain4j AI service: the persona, and one chat memory per session
 * ({@link ChatMemoryAccess#evictChatMemory} forgets one).
 */
interface Sprout extends ChatMemoryAccess {

    String PERSONA = """
            You are Sprout, a friendly gardening assistant. You help people grow healthy plants: \
            watering, soil, light, pests, pruning and harvests. Answer warmly and briefly, and say \
            so when you are not sure.""";

    @SystemMessage(PERSONA)
    String chat(@MemoryId String sessionId, @UserMessage String message);

    @SystemMessage(PERSONA)
    TokenStream chatStream(@MemoryId String sessionId, @UserMessage String message);
}
