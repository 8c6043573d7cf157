// The official `ollama` JavaScript library, as its README shows it.
import { Ollama } from 'ollama';
import * as m from './matrix.mjs';

const ollama = new Ollama({ host: m.baseUrl });
const messages = [{ role: 'system', content: m.system }, { role: 'user', content: m.question }];
const weatherTool = { type: 'function', function: m.weatherTool };

await m.run({
  async chat() {
    const response = await ollama.chat({ model: m.chatModel, messages });
    return m.expectEqual(response.message.content, m.answer, 'message.content');
  },

  async stream() {
    const parts = [];
    for await (const part of await ollama.chat({ model: m.chatModel, messages, stream: true })) {
      parts.push(part);
    }
    const text = parts.map((p) => p.message.content).join('');
    m.expectThat(parts.length > 2 && parts.at(-1).done === true,
      'several chunks, the last with done: true', parts.map((p) => [p.message.content, p.done]));
    return m.expectEqual(text, m.answer, `the ${parts.length} chunks joined`);
  },

  async tools() {
    const response = await ollama.chat({ model: m.chatModel, messages, tools: [weatherTool] });
    m.expectThat(!response.message.tool_calls?.length, 'no tool call', response.message);
    return m.expectEqual(response.message.content, m.answer, 'message.content');
  },

  async 'tool-result'() {
    const response = await ollama.chat({
      model: m.chatModel, tools: [weatherTool],
      messages: [
        { role: 'user', content: m.weatherQuestion },
        { role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Lyon' } } }] },
        { role: 'tool', content: m.weatherResult, tool_name: 'get_weather' },
      ],
    });
    return m.expectEqual(response.message.content, m.weatherResult, 'message.content');
  },

  async 'structured-output'() {
    const response = await ollama.chat({ model: m.chatModel, messages, format: m.plantSchema });
    return m.expectEqual(JSON.parse(response.message.content), m.plantAnswer, 'message.content as JSON');
  },

  async image() {
    const response = await ollama.chat({
      model: m.chatModel,
      messages: [{ role: 'system', content: m.imageSystem },
        { role: 'user', content: m.imageQuestion, images: [m.pngBase64] }],
    });
    return m.expectEqual(response.message.content, m.imageAnswer, 'message.content');
  },

  async embeddings() {
    const response = await ollama.embed({ model: m.embeddingModel, input: m.embeddingText });
    return m.expectRealEmbedding(response.embeddings[0]);
  },

  async 'unknown-model'() {
    return m.expectModelNotFound(() => ollama.chat({ model: m.unknownModel, messages }));
  },

  // /api/generate: its last object carries `context`, the token ids a next call may send back.
  async generate() {
    const response = await ollama.generate({ model: m.chatModel, prompt: m.ragPrompt });
    m.expectThat(Array.isArray(response.context) && response.context.length > 0
      && response.context.every(Number.isInteger), 'context: a non-empty array of token ids', response);
    return m.expectEqual(response.response, m.answer, 'response');
  },
});
