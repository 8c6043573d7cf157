// The chat cases of LangChain JS, the same for every chat model class (BaseChatModel's API):
// langchain-ollama.mjs and langchain-openai.mjs pass a factory of their class.
import { AIMessage, HumanMessage, SystemMessage, ToolMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import * as m from './matrix.mjs';

const messages = [new SystemMessage(m.system), new HumanMessage(m.question)];
const getWeather = tool(async ({ city }) => `${city}: 18 degrees and sunny.`, {
  name: m.weatherTool.name,
  description: m.weatherTool.description,
  schema: z.object({ city: z.string().describe('The city name') }),
});

/** @param chat (model name?) => a LangChain chat model on the lab model */
export function chatCases(chat) {
  return {
    async chat({ signal }) {
      const reply = await chat().invoke(messages, { signal });
      return m.expectEqual(reply.content, m.answer, 'content');
    },

    async stream({ signal }) {
      const chunks = [];
      for await (const chunk of await chat().stream(messages, { signal })) {
        chunks.push(chunk.content);
      }
      m.expectThat(chunks.filter((c) => c !== '').length > 1, 'several chunks with text', chunks);
      return m.expectEqual(chunks.join(''), m.answer, `the ${chunks.length} chunks joined`);
    },

    async tools({ signal }) {
      const reply = await chat().bindTools([getWeather]).invoke(messages, { signal });
      m.expectThat(reply.tool_calls.length === 0, 'no tool call', reply.tool_calls);
      return m.expectEqual(reply.content, m.answer, 'content');
    },

    async 'tool-result'({ signal }) {
      const reply = await chat().bindTools([getWeather]).invoke([
        new HumanMessage(m.weatherQuestion),
        new AIMessage({ content: '', tool_calls: [{ id: m.weatherCallId, name: 'get_weather', args: { city: 'Lyon' } }] }),
        new ToolMessage({ tool_call_id: m.weatherCallId, content: m.weatherResult }),
      ], { signal });
      return m.expectEqual(reply.content, m.weatherResult, 'content');
    },

    async 'structured-output'({ signal }) {
      const Plant = z.object({ plant: z.string(), hoursOfSun: z.number().int() });
      const plant = await chat().withStructuredOutput(Plant).invoke(messages, { signal });
      return m.expectEqual(plant, m.plantAnswer, 'the parsed object');
    },

    async image({ signal }) {
      const reply = await chat().invoke([new SystemMessage(m.imageSystem), new HumanMessage({ content: [
        { type: 'text', text: m.imageQuestion }, { type: 'image_url', image_url: m.pngDataUrl }] })], { signal });
      return m.expectImageAnswer(reply.content, 'content');
    },

    async 'unknown-model'({ signal }) {
      return m.expectModelNotFound(() => chat(m.unknownModel).invoke(messages, { signal }));
    },
  };
}
