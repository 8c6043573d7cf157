// The Vercel AI SDK with ollama-ai-provider-v2, the community Ollama provider for AI SDK 5 and
// later (ollama-ai-provider, its predecessor, supports AI SDK 4 only and is no longer updated).
import { createOllama } from 'ollama-ai-provider-v2';
import { generateText, streamText } from 'ai';
import * as m from './matrix.mjs';
import { cases } from './ai-sdk.mjs';

const ollama = createOllama({ baseURL: `${m.baseUrl}/api` });
const chat = (model = m.chatModel) => ollama(model);
const imageMessage = (data) => [{ role: 'user', content: [
  { type: 'text', text: m.imageQuestion }, { type: 'file', mediaType: 'image/png', data }] }];

await m.run({
  ...cases(chat, () => ollama.embedding(m.embeddingModel)),

  // Known client bug: the provider hands the image's bytes to a helper of @ai-sdk/provider-utils
  // 5.0.81 that now takes {type, data}; it throws before any request is sent.
  async image({ signal }) {
    return m.expectClientBug('ollama-ai-provider-v2 4.0.1 throws on an image given as bytes', async () => {
      try {
        await generateText({ model: chat(), system: m.imageSystem, messages: imageMessage(Buffer.from(m.pngBase64, 'base64')),
          maxRetries: 0, abortSignal: signal });
        return null;
      } catch (e) {
        if (e instanceof TypeError && m.sentBodies('/api/chat').length === 0) {
          return `${m.describe(e)}, and no request was sent`;
        }
        throw e;
      }
    });
  },

  // The workaround: the same image as a base64 string.
  async 'image-base64'({ signal }) {
    const { text } = await generateText({ model: chat(), system: m.imageSystem, messages: imageMessage(m.pngBase64),
      maxRetries: 0, abortSignal: signal });
    return m.expectImageAnswer(text, 'text');
  },

  // Known client bug: the provider reads only OpenAI-shaped errors ({"error": {"message"}}); Ollama's
  // native API answers {"error": "model 'x' not found"}, so the message is the bare status text.
  async 'unknown-model'({ signal }) {
    return m.expectClientBug('ollama-ai-provider-v2 4.0.1 loses the message of an Ollama error', async () => {
      try {
        await generateText({ model: chat(m.unknownModel), system: m.system, prompt: m.question, maxRetries: 0, abortSignal: signal });
      } catch (e) {
        if (e.message.includes(m.unknownModel)) {
          return null;
        }
        m.expectEqual(JSON.parse(e.responseBody ?? 'null'), { error: `model '${m.unknownModel}' not found` },
          `the 404 body (Ollama's), under the message "${e.message}"`);
        return `the error says only "${e.message}" (status ${e.statusCode}); its responseBody is ${e.responseBody}`;
      }
      throw new m.Mismatch(`no error for the unknown model ${m.unknownModel}`);
    });
  },

  // ollama.completion() uses /api/generate and requires `context` in the answer.
  async completion({ signal }) {
    const { text } = await generateText({ model: ollama.completion(m.chatModel), prompt: m.ragPrompt, maxRetries: 0, abortSignal: signal });
    return m.expectEqual(text, m.answer, 'text');
  },

  // Known client bug: the provider requires `context` on every streamed /api/generate line, and
  // Ollama sends it on the last line only, so every text line is dropped (logged as "Failed to
  // parse NDJSON line") and the text comes out empty.
  async 'completion-stream'({ signal }) {
    return m.expectClientBug('ollama-ai-provider-v2 4.0.1 drops every streamed /api/generate line without `context`', async () => {
      const result = streamText({ model: ollama.completion(m.chatModel), prompt: m.ragPrompt, maxRetries: 0, abortSignal: signal });
      let text = '';
      for await (const chunk of result.textStream) {
        text += chunk;
      }
      if (text === m.answer) {
        return null;
      }
      const lines = (await m.answersFrom('/api/generate')).join('').split('\n').filter(Boolean).map(JSON.parse);
      const textLines = lines.filter((line) => line.response && !line.done);
      m.expectEqual(textLines.map((line) => line.response).join(''), m.answer, 'the text of the streamed lines on the wire');
      m.expectThat(textLines.every((line) => !('context' in line)), 'text lines without context, as Ollama streams', textLines);
      return `the wire carried the answer in ${textLines.length} lines without \`context\`; the client's text is ${JSON.stringify(text)}`;
    });
  },
});
