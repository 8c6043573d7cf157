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
    return m.expectImageAnswer(response.message.content, 'message.content');
  },

  async embeddings() {
    const response = await ollama.embed({ model: m.embeddingModel, input: m.embeddingText });
    return m.expectRealEmbedding(response.embeddings[0]);
  },

  async 'unknown-model'() {
    return m.expectModelNotFound(() => ollama.chat({ model: m.unknownModel, messages }));
  },

  // Ollama's documented way to load a model before use: no messages.
  async preload() {
    const response = await ollama.chat({ model: m.chatModel, messages: [] });
    m.expectThat(response.done === true, 'done: true', response);
    return m.expectEqual(response.done_reason, 'load', 'done_reason');
  },

  async 'think-unsupported'() {
    try {
      const response = await ollama.chat({ model: m.chatModel, messages, think: true });
      throw new m.Mismatch(`no error for think: true on ${m.chatModel}, which cannot think; got ${JSON.stringify(response)}`);
    } catch (e) {
      if (e instanceof m.Mismatch) {
        throw e;
      }
      return m.expectEqual(m.describe(e), `ResponseError (status 400): "${m.chatModel}" does not support thinking`, 'the error');
    }
  },

  async 'num-predict'() {
    const response = await ollama.chat({ model: m.chatModel, messages, options: { num_predict: 3 } });
    m.expectThat(response.done_reason === 'length', 'done_reason: length', response);
    const text = response.message.content;
    m.expectThat(text.trim() !== '' && text.length < m.answer.length && m.answer.startsWith(text.trim()),
      `the start of "${m.answer}", cut at 3 tokens`, text);
    return `done_reason length, message.content ${JSON.stringify(text)}`;
  },

  async 'embed-dimensions'() {
    const response = await ollama.embed({ model: m.embeddingModel, input: m.embeddingText, dimensions: 128 });
    const vector = response.embeddings[0];
    const norm = Math.hypot(...vector);
    m.expectThat(vector.length === 128 && Math.abs(norm - 1) < 1e-4, '128 values, L2-normalised',
      { length: vector.length, norm });
    return `${vector.length} values, norm ${norm}`;
  },

  // Each embedding model answers with its real dimension (nomic-embed-text: 768).
  async 'embeddings-nomic-embed-text'() {
    const response = await ollama.embed({ model: 'nomic-embed-text', input: m.embeddingText });
    return m.expectEqual(response.embeddings[0].length, 768, 'the vector length');
  },

  // /api/generate: its last object carries `context`, the token ids a next call may send back.
  async generate() {
    const response = await ollama.generate({ model: m.chatModel, prompt: m.ragPrompt });
    m.expectThat(Array.isArray(response.context) && response.context.length > 0
      && response.context.every(Number.isInteger), 'context: a non-empty array of token ids', response);
    return m.expectEqual(response.response, m.answer, 'response');
  },
});
