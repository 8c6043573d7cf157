package com.example.fig;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fig's conversations: the persona, one memory of text turns per session, and the choice of model.
 * A request with a picture goes to the vision model with the picture in the user message (base64);
 * one without goes to the chat model. Memory keeps the text only: earlier pictures are not resent.
 */
final class Fig {

    static final String PERSONA = """
            You are Fig, the helper of a fruit and vegetable market stall. Customers show you a fruit, \
            a vegetable or a label, or ask aloud; you say what it is, how ripe it looks, how to keep it \
            and how to cook it. Answer warmly and in a few short sentences, easy to read aloud, and say \
            so when you are not sure.""";

    /** Fig's answer to a recording in which the speech service heard no words (and nothing was typed). */
    static final String NOTHING_HEARD = "Sorry, I could not hear a question in that recording."
            + " Could you say it again a little closer to the microphone, or type it?";

    /** The earlier messages of a session (the customer's and Fig's) each request carries, at most. */
    static final int EARLIER_MESSAGES = 20;

    private final ChatModel chatModel;
    private final ChatModel visionModel;
    private final Map<String, ChatMemory> memories = new ConcurrentHashMap<>();

    Fig(ChatModel chatModel, ChatModel visionModel) {
        this.chatModel = chatModel;
        this.visionModel = visionModel;
    }

    /**
     * Fig's reply to {@code message} (and {@code picture}, or null), in the light of the session's
     * earlier turns. The turn is not remembered yet: see {@link #remember}.
     *
     * @throws RuntimeException when the model fails (see {@link ModelFailure})
     */
    String reply(String sessionId, String message, ImagePrep.Prepared picture) {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(SystemMessage.from(PERSONA));
        messages.addAll(memory(sessionId).messages());
        if (picture == null) {
            messages.add(UserMessage.from(message));
        } else {
            String base64 = Base64.getEncoder().encodeToString(picture.png());
            messages.add(UserMessage.from(TextContent.from(message), ImageContent.from(base64, "image/png")));
        }
        ChatModel model = picture == null ? chatModel : visionModel;
        String reply = model.chat(messages).aiMessage().text();
        return reply == null ? "" : reply;
    }

    /** Adds a finished turn, as text, to the session's memory. */
    void remember(String sessionId, String message, String reply) {
        ChatMemory memory = memory(sessionId);
        memory.add(UserMessage.from(message));
        memory.add(AiMessage.from(reply));
    }

    private ChatMemory memory(String sessionId) {
        return memories.computeIfAbsent(sessionId, id -> MessageWindowChatMemory.builder()
                .id(id).maxMessages(EARLIER_MESSAGES).build());
    }
}
