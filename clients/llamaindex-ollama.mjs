// LlamaIndex TS with @llamaindex/ollama, as its docs show it.
import { Ollama, OllamaEmbedding } from '@llamaindex/ollama';
import * as m from './matrix.mjs';
import * as li from './llamaindex.mjs';

const config = { host: m.baseUrl };
const llm = (model = m.chatModel) => new Ollama({ model, config });
const sentMessages = () => m.sentBodies('/api/chat').flatMap((body) => body.messages);

await m.run({
  ...li.chatCases(llm),

  // Known client bug: Ollama.chat() sends each message's text only (extractText), so image parts never leave.
  async image() {
    return m.expectClientBug('@llamaindex/ollama 0.1.23 drops the image parts of a message', async () => {
      await llm().chat({ messages: li.imageMessages });
      const withImages = sentMessages().filter((message) => message.images?.length);
      return withImages.length ? null : `the /api/chat request carried no images: ${JSON.stringify(sentMessages())}`;
    });
  },

  // Known client bug: the assistant message keeps its text only, so the model never sees the call it made.
  async 'tool-result'() {
    return m.expectClientBug('@llamaindex/ollama 0.1.23 drops the tool calls of an assistant message', async () => {
      const response = await llm().chat({ messages: li.toolConversation, tools: [li.getWeather] });
      m.expectEqual(response.message.content, m.weatherResult, 'message.content');
      const calls = sentMessages().filter((message) => message.tool_calls?.length);
      return calls.length ? null : `the /api/chat request carried no tool_calls: ${JSON.stringify(sentMessages())}`;
    });
  },

  async embeddings() {
    const embedding = new OllamaEmbedding({ model: m.embeddingModel, config });
    return m.expectRealEmbedding(await embedding.getTextEmbedding(m.embeddingText));
  },
});
