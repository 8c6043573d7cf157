// The cases of the Vercel AI SDK (`ai`), the same for every provider: ai-sdk-ollama.mjs and
// ai-sdk-openai-compatible.mjs pass their provider's models.
import { embed, generateText, Output, streamText, tool } from 'ai';
import { z } from 'zod';
import * as m from './matrix.mjs';

const getWeather = tool({
  description: m.weatherTool.description,
  inputSchema: z.object({ city: z.string().describe('The city name') }),
  execute: async ({ city }) => `${city}: 18 degrees and sunny.`,
});

/**
 * @param chat (model name?) => a language model of the provider
 * @param embedding () => an embedding model of the provider
 */
export function cases(chat, embedding) {
  const prompt = { system: m.system, prompt: m.question, maxRetries: 0 };
  return {
    async chat({ signal }) {
      const { text } = await generateText({ model: chat(), ...prompt, abortSignal: signal });
      return m.expectEqual(text, m.answer, 'text');
    },

    async stream({ signal }) {
      const errors = [];
      const result = streamText({ model: chat(), ...prompt, abortSignal: signal, onError: ({ error }) => errors.push(error) });
      const chunks = [];
      for await (const chunk of result.textStream) {
        chunks.push(chunk);
      }
      m.expectThat(errors.length === 0, 'no stream error', errors.map(m.describe));
      m.expectThat(chunks.length > 1, 'several text chunks', chunks);
      return m.expectEqual(chunks.join(''), m.answer, `the ${chunks.length} chunks joined`);
    },

    async tools({ signal }) {
      const { text, toolCalls } = await generateText({
        model: chat(), ...prompt, tools: { get_weather: getWeather }, abortSignal: signal });
      m.expectThat(toolCalls.length === 0, 'no tool call', toolCalls);
      return m.expectEqual(text, m.answer, 'text');
    },

    async 'tool-result'({ signal }) {
      const { text } = await generateText({
        model: chat(), maxRetries: 0, tools: { get_weather: getWeather }, abortSignal: signal,
        messages: [
          { role: 'user', content: m.weatherQuestion },
          { role: 'assistant', content: [
            { type: 'tool-call', toolCallId: m.weatherCallId, toolName: 'get_weather', input: { city: 'Lyon' } }] },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: m.weatherCallId, toolName: 'get_weather',
            output: { type: 'text', value: m.weatherResult } }] },
        ],
      });
      return m.expectEqual(text, m.weatherResult, 'text');
    },

    async 'structured-output'({ signal }) {
      const schema = z.object({ plant: z.string(), hoursOfSun: z.number().int() });
      const { output } = await generateText({
        model: chat(), ...prompt, output: Output.object({ schema }), abortSignal: signal });
      return m.expectEqual(output, m.plantAnswer, 'output');
    },

    async image({ signal }) {
      const { text } = await generateText({
        model: chat(), system: m.imageSystem, maxRetries: 0, abortSignal: signal,
        messages: [{ role: 'user', content: [
          { type: 'text', text: m.imageQuestion },
          { type: 'file', mediaType: 'image/png', data: Buffer.from(m.pngBase64, 'base64') }] }],
      });
      return m.expectImageAnswer(text, 'text');
    },

    async embeddings({ signal }) {
      const { embedding: vector } = await embed({
        model: embedding(), value: m.embeddingText, maxRetries: 0, abortSignal: signal });
      return m.expectRealEmbedding(vector);
    },

    async 'unknown-model'({ signal }) {
      return m.expectModelNotFound(() => generateText({ model: chat(m.unknownModel), ...prompt, abortSignal: signal }));
    },
  };
}
