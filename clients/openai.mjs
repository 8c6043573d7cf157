// The official `openai` SDK pointed at the lab model's /v1, as Ollama's OpenAI-compatibility docs show it.
import OpenAI, { toFile } from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import * as m from './matrix.mjs';

const client = new OpenAI({ baseURL: m.openAiBaseUrl, apiKey: 'ollama', maxRetries: 0 });
const messages = [{ role: 'system', content: m.system }, { role: 'user', content: m.question }];
const tools = [{ type: 'function', function: m.weatherTool }];

await m.run({
  async chat({ signal }) {
    const completion = await client.chat.completions.create({ model: m.chatModel, messages }, { signal });
    return m.expectEqual(completion.choices[0].message.content, m.answer, 'choices[0].message.content');
  },

  // Read as most tutorials do: choices[0] of every chunk. A usage-only chunk (choices: []) may come
  // only when stream_options.include_usage asks for it.
  async stream({ signal }) {
    const stream = await client.chat.completions.create({ model: m.chatModel, messages, stream: true }, { signal });
    let text = '';
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      m.expectThat(chunk.choices.length > 0, `chunk ${chunks} has no choice, so chunk.choices[0].delta throws `
        + '(a usage-only chunk must come only when stream_options.include_usage asks for it)', chunk);
      text += chunk.choices[0].delta.content ?? '';
    }
    return m.expectEqual(text, m.answer, `the ${chunks} chunks joined`);
  },

  async 'stream-usage'({ signal }) {
    const stream = await client.chat.completions.create(
      { model: m.chatModel, messages, stream: true, stream_options: { include_usage: true } }, { signal });
    const chunks = [];
    for await (const chunk of stream) {
      chunks.push(chunk);
    }
    const last = chunks.at(-1);
    m.expectThat(last.choices.length === 0 && last.usage?.total_tokens > 0,
      'the last chunk carries usage and no choices', last);
    return `usage: ${JSON.stringify(last.usage)}`;
  },

  async tools({ signal }) {
    const completion = await client.chat.completions.create({ model: m.chatModel, messages, tools }, { signal });
    return m.expectEqual(completion.choices[0].message.content, m.answer, 'choices[0].message.content');
  },

  async 'tool-result'({ signal }) {
    const completion = await client.chat.completions.create({
      model: m.chatModel, tools,
      messages: [
        { role: 'user', content: m.weatherQuestion },
        { role: 'assistant', content: null, tool_calls: [{ id: m.weatherCallId, type: 'function',
          function: { name: 'get_weather', arguments: JSON.stringify({ city: 'Lyon' }) } }] },
        { role: 'tool', tool_call_id: m.weatherCallId, content: m.weatherResult },
      ],
    }, { signal });
    return m.expectEqual(completion.choices[0].message.content, m.weatherResult, 'choices[0].message.content');
  },

  async 'structured-output'({ signal }) {
    const Plant = z.object({ plant: z.string(), hoursOfSun: z.number().int() });
    const completion = await client.chat.completions.parse(
      { model: m.chatModel, messages, response_format: zodResponseFormat(Plant, 'plant') }, { signal });
    return m.expectEqual(completion.choices[0].message.parsed, m.plantAnswer, 'choices[0].message.parsed');
  },

  async image({ signal }) {
    const completion = await client.chat.completions.create({
      model: m.chatModel,
      messages: [{ role: 'system', content: m.imageSystem }, { role: 'user', content: [
        { type: 'text', text: m.imageQuestion }, { type: 'image_url', image_url: { url: m.pngDataUrl } }] }],
    }, { signal });
    return m.expectImageAnswer(completion.choices[0].message.content, 'choices[0].message.content');
  },

  // No encoding_format: the SDK asks for base64 and decodes little-endian float32.
  async embeddings({ signal }) {
    const response = await client.embeddings.create({ model: m.embeddingModel, input: m.embeddingText }, { signal });
    return m.expectRealEmbedding(response.data[0].embedding);
  },

  // openai 7 keeps a float array that comes back for a base64 request (4.x-6.x decode it as
  // garbage): asked explicitly, the SDK hands back what the server wrote, so this pins our side.
  async 'embeddings-base64-on-the-wire'({ signal }) {
    const response = await client.embeddings.create(
      { model: m.embeddingModel, input: m.embeddingText, encoding_format: 'base64' }, { signal });
    const embedding = response.data[0].embedding;
    m.expectThat(typeof embedding === 'string', 'data[0].embedding: a base64 string', embedding);
    const bytes = Buffer.from(embedding, 'base64');
    return m.expectRealEmbedding(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4));
  },

  async 'unknown-model'({ signal }) {
    return m.expectModelNotFound(() => client.chat.completions.create({ model: m.unknownModel, messages }, { signal }));
  },

  async 'max-tokens'({ signal }) {
    const completion = await client.chat.completions.create({ model: m.chatModel, messages, max_tokens: 3 }, { signal });
    const { finish_reason: reason, message } = completion.choices[0];
    m.expectThat(reason === 'length', 'finish_reason: length', completion.choices[0]);
    m.expectThat(message.content.trim() !== '' && message.content.length < m.answer.length
      && m.answer.startsWith(message.content.trim()), `the start of "${m.answer}", cut at 3 tokens`, message.content);
    return `finish_reason length, content ${JSON.stringify(message.content)}`;
  },

  async completions({ signal }) {
    const completion = await client.completions.create(
      { model: m.chatModel, prompt: m.ragPrompt }, { signal });
    return m.expectEqual(completion.choices[0].text, m.answer, 'choices[0].text');
  },

  async 'completions-stream'({ signal }) {
    const stream = await client.completions.create({ model: m.chatModel, prompt: m.ragPrompt, stream: true }, { signal });
    const parts = [];
    for await (const chunk of stream) {
      parts.push(chunk.choices[0]?.text ?? '');
    }
    m.expectThat(parts.length > 1, 'several chunks', parts);
    return m.expectEqual(parts.join(''), m.answer, `the ${parts.length} chunks joined`);
  },

  // OpenAI's audio API (client.audio), as a voice app uses it: speech as WAV, then that WAV transcribed.
  async speech({ signal }) {
    const wav = await speak(signal);
    m.expectThat(wav.subarray(0, 4).toString('latin1') === 'RIFF' && wav.subarray(8, 12).toString('latin1') === 'WAVE',
      'the answer is a WAV file (RIFF....WAVE)', wav.subarray(0, 16).toString('hex'));
    return `${wav.length} bytes of WAV`;
  },

  async transcription({ signal }) {
    const wav = await speak(signal);
    const transcription = await client.audio.transcriptions.create({
      file: await toFile(wav, m.speechFileName, { type: 'audio/wav' }), model: m.sttModel, language: 'en',
    }, { signal });
    return m.expectEqual(transcription.text, m.speechText, 'text');
  },

  async 'transcription-text'({ signal }) {
    const wav = await speak(signal);
    const text = await client.audio.transcriptions.create({
      file: await toFile(wav, m.speechFileName, { type: 'audio/wav' }), model: m.sttModel, response_format: 'text',
    }, { signal });
    return m.expectEqual(text, m.speechText, 'the text answer');
  },

  async 'model-retrieve'({ signal }) {
    const model = await client.models.retrieve(m.chatModel, { signal });
    return m.expectEqual(model.id, m.chatModel, 'id');
  },
});

/** The lab model's speech for m.speechText, as a WAV file's bytes. */
async function speak(signal) {
  const response = await client.audio.speech.create(
    { model: m.ttsModel, input: m.speechText, voice: 'alloy', response_format: 'wav' }, { signal });
  return Buffer.from(await response.arrayBuffer());
}
