// The chat cases of LlamaIndex TS, the same for every LLM class (its LLM interface):
// llamaindex-ollama.mjs and llamaindex-openai.mjs pass a factory of their class.
import { tool } from 'llamaindex';
import { z } from 'zod';
import * as m from './matrix.mjs';

const messages = [{ role: 'system', content: m.system }, { role: 'user', content: m.question }];
export const getWeather = tool(({ city }) => `${city}: 18 degrees and sunny.`, {
  name: m.weatherTool.name,
  description: m.weatherTool.description,
  parameters: z.object({ city: z.string().describe('The city name') }),
});
export const toolConversation = [
  { role: 'user', content: m.weatherQuestion },
  { role: 'assistant', content: '', options: { toolCall: [{ id: m.weatherCallId, name: 'get_weather', input: { city: 'Lyon' } }] } },
  { role: 'user', content: m.weatherResult, options: { toolResult: { id: m.weatherCallId, result: m.weatherResult, isError: false } } },
];
export const imageMessages = [{ role: 'system', content: m.imageSystem }, { role: 'user', content: [
  { type: 'text', text: m.imageQuestion }, { type: 'image_url', image_url: { url: m.pngDataUrl } }] }];

/** @param llm (model name?) => a LlamaIndex LLM on the lab model */
export function chatCases(llm) {
  return {
    async chat() {
      const response = await llm().chat({ messages });
      return m.expectEqual(response.message.content, m.answer, 'message.content');
    },

    async stream() {
      const chunks = [];
      for await (const chunk of await llm().chat({ messages, stream: true })) {
        chunks.push(chunk.delta);
      }
      m.expectThat(chunks.filter((c) => c !== '').length > 1, 'several chunks with text', chunks);
      return m.expectEqual(chunks.join(''), m.answer, `the ${chunks.length} chunks joined`);
    },

    async tools() {
      const response = await llm().chat({ messages, tools: [getWeather] });
      m.expectThat(!response.message.options?.toolCall?.length, 'no tool call', response.message);
      return m.expectEqual(response.message.content, m.answer, 'message.content');
    },

    async 'tool-result'() {
      const response = await llm().chat({ messages: toolConversation, tools: [getWeather] });
      return m.expectEqual(response.message.content, m.weatherResult, 'message.content');
    },

    async 'structured-output'() {
      const Plant = z.object({ plant: z.string(), hoursOfSun: z.number().int() });
      const response = await llm().chat({ messages, responseFormat: Plant });
      return m.expectEqual(JSON.parse(response.message.content), m.plantAnswer, 'message.content as JSON');
    },

    async image() {
      const response = await llm().chat({ messages: imageMessages });
      return m.expectImageAnswer(response.message.content, 'message.content');
    },

    async 'unknown-model'() {
      return m.expectModelNotFound(() => llm(m.unknownModel).chat({ messages }));
    },
  };
}
