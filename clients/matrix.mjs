// The harness every client script shares: where the lab model is, the conversation each case
// sends, what the lab model's default answer to it is, and how a case reports its result.
//
// A script calls run({caseName: async ({signal}) => "what came back", ...}). Each case runs in
// turn, bounded by CASE_TIMEOUT_MS, and prints one line:
//   @@labkit-case {"case": "chat", "passed": true, "detail": "..."}
// ClientMatrixTests (lab-runner) turns these lines into one JUnit test per client and case, with
// the script's whole output in the failure message.
import { readFileSync } from 'node:fs';

export const CASE_TIMEOUT_MS = 30_000;

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run this script through ClientMatrixTests (mvn -B verify)`);
  }
  return value;
}

/** The lab model, as `lab model serve` gives it: the Ollama API here, the OpenAI API at `${baseUrl}/v1`. */
export const baseUrl = required('LABKIT_BASE_URL');
export const openAiBaseUrl = `${baseUrl}/v1`;
export const chatModel = required('LABKIT_CHAT_MODEL');
export const embeddingModel = required('LABKIT_EMBEDDING_MODEL');
export const unknownModel = 'no-such-model:7b';

/** A small real PNG the test made (ClientMatrixTests), as raw base64 and as a data URL. */
export const pngBase64 = readFileSync(required('LABKIT_IMAGE_PNG')).toString('base64');
export const pngDataUrl = `data:image/png;base64,${pngBase64}`;

// The lab model answers with the sentence of the conversation that shares the most words with
// the question (docs/lab-model.md, "The default answer"), so every expected answer is exact.
export const system = 'You are Sprout. Basil likes warm sun and moist soil. Cacti need very little water.';
export const question = 'What does basil like?';
export const answer = 'Basil likes warm sun and moist soil.';
/** One prompt for the completion endpoints, in langchain4j's RAG layout (question, then facts). */
export const ragPrompt = `${question}\n\nAnswer using the following information:\n${system}`;

export const weatherQuestion = 'What is the weather in Lyon?';
export const weatherTool = {
  name: 'get_weather',
  description: 'The current weather in a city',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string', description: 'The city name' } },
    required: ['city'],
  },
};
/** The hand-built turn: the assistant asked for get_weather(Lyon), the tool answered this. */
export const weatherCallId = 'call_lyon_1';
export const weatherResult = 'Lyon: 18 degrees and sunny.';

export const imageSystem = 'You are Sprout. The picture shows a red square.';
export const imageQuestion = 'What does the picture show?';
// An image is answered with a description computed from its pixels (docs/lab-model.md, "Speech and
// vision"); what follows it (the text OCR read, or that no OCR engine is installed) depends on the machine.
export const imageAnswer = 'I am the lab model and cannot see images; this is computed from the pixels. '
  + 'The image is a PNG of 8x8 pixels. Its main colours are red (100%).';

/** Checks an answer to the image case: the lab model's description of the test's red 8x8 PNG. */
export function expectImageAnswer(actual, what) {
  expectThat(typeof actual === 'string' && actual.startsWith(imageAnswer),
    `${what}: expected the lab model's description of the red 8x8 PNG, starting ${show(imageAnswer)}`, actual);
  return `${what} = ${show(actual)}`;
}

// OpenAI's audio API, served by the lab model at the same /v1 (docs/lab-model.md, "Speech and vision"):
// what it synthesises, it transcribes back exactly.
export const sttModel = 'Systran/faster-whisper-small';
export const ttsModel = 'speaches-ai/Kokoro-82M-v1.0-ONNX';
export const speechText = 'What fruit is in this picture?';
export const speechFileName = 'speech.wav';

/** Structured output: strings are filled with the answer, numbers with 0 (the lab model's rule). */
export const plantSchema = {
  type: 'object',
  properties: { plant: { type: 'string' }, hoursOfSun: { type: 'integer' } },
  required: ['plant', 'hoursOfSun'],
  additionalProperties: false,
};
export const plantAnswer = { plant: answer, hoursOfSun: 0 };

export const embeddingText = 'Basil likes warm sun.';

/** Thrown by the checks below; its message is the case's failure message. */
export class Mismatch extends Error {}

// What the client sent and received during the current case, as the client's fetch saw it
// (nothing is changed): a known client bug that drops part of a request or of an answer is only
// visible there.
let sent = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const exchange = { url: String(input?.url ?? input), body: typeof init?.body === 'string' ? init.body : null };
  sent.push(exchange);
  const response = await realFetch(input, init);
  // Read apart from the client; an answer the client cancels ends this read too, quietly.
  exchange.answer = response.clone().text().catch((e) => `(the answer broke off: ${describe(e)})`);
  return response;
};
const sentTo = (path) => sent.filter((s) => new URL(s.url).pathname.endsWith(path));

/** The JSON bodies the client sent during this case to URLs ending with `path`. */
export function sentBodies(path) {
  return sentTo(path).filter((s) => s.body).map((s) => JSON.parse(s.body));
}

/** The bodies the client received during this case from URLs ending with `path`. */
export function answersFrom(path) {
  return Promise.all(sentTo(path).map((s) => s.answer ?? Promise.resolve('')));
}

/**
 * A case that a client library's own bug breaks (each is described in docs/client-matrix.md).
 * `showsBug` runs the case and returns a description of the symptom while the bug is there, or
 * null once the client does the right thing: then this fails, so that the note and the
 * workaround are removed and the case is tested normally again.
 */
export async function expectClientBug(bug, showsBug) {
  const symptom = await showsBug();
  if (!symptom) {
    throw new Mismatch(`the known client bug no longer shows (${bug}): test this case normally and update docs/client-matrix.md`);
  }
  return { knownBug: bug, detail: symptom };
}

const show = (value) => {
  if (value instanceof Float32Array || value instanceof Float64Array) {
    value = Array.from(value);
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 600 ? `${text.slice(0, 600)}... (${text.length} chars)` : text;
};

export function expectEqual(actual, expected, what) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Mismatch(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  }
  return `${what}: ${show(actual)}`;
}

export function expectThat(condition, what, actual) {
  if (!condition) {
    throw new Mismatch(`${what}; got ${show(actual)}`);
  }
}

/** The lab model's own float answer for the text, asked over plain HTTP. */
async function floatEmbedding(text) {
  const response = await fetch(`${baseUrl}/api/embed`, {
    method: 'POST',
    body: JSON.stringify({ model: embeddingModel, input: text }),
    signal: AbortSignal.timeout(CASE_TIMEOUT_MS),
  });
  const body = await response.json();
  if (!response.ok || !Array.isArray(body.embeddings?.[0])) {
    throw new Mismatch(`POST /api/embed for the reference vector answered ${response.status} ${show(body)}`);
  }
  return body.embeddings[0];
}

/** The client's vector for embeddingText must be the lab model's float vector (same length, same values). */
export async function expectRealEmbedding(vector) {
  const expected = await floatEmbedding(embeddingText);
  const actual = Array.from(vector ?? []);
  expectThat(actual.length === expected.length,
    `the vector has ${actual.length} dimensions, the lab model's float answer ${expected.length}`, actual);
  const worst = Math.max(...actual.map((v, i) => Math.abs(v - expected[i])));
  expectThat(worst < 1e-6, `the vector differs from the lab model's float answer by up to ${worst} `
    + `(first values expected ${show(expected.slice(0, 4))})`, actual.slice(0, 8));
  return `${actual.length} dimensions, equal to /api/embed's floats (first ${show(actual.slice(0, 3))})`;
}

/** The error a call to an unknown model raised must say which model was not found. */
export async function expectModelNotFound(call) {
  let error;
  try {
    const result = await call();
    throw new Mismatch(`no error for the unknown model ${unknownModel}; the client returned ${show(result)}`);
  } catch (e) {
    if (e instanceof Mismatch) {
      throw e;
    }
    error = e;
  }
  const message = describe(error);
  expectThat(message.includes(unknownModel) && /not found/i.test(message),
    `the error should name ${unknownModel} and say "not found"`, message);
  return `error: ${message}`;
}

/** An error's message with its status and causes, on one line. */
export function describe(error) {
  const parts = [];
  for (let e = error, depth = 0; e != null && depth < 4; e = e.cause, depth++) {
    const status = e.status ?? e.statusCode ?? e.status_code;
    parts.push(`${e.name ?? 'Error'}${status ? ` (status ${status})` : ''}: ${e.message ?? show(e)}`);
  }
  return parts.join(' <- caused by ').replace(/\s+/g, ' ');
}

/** Runs each case in turn, each bounded by CASE_TIMEOUT_MS, and prints its result line. */
export async function run(cases) {
  for (const [name, body] of Object.entries(cases)) {
    const controller = new AbortController();
    let timer;
    const deadline = new Promise((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new Mismatch(`no result within ${CASE_TIMEOUT_MS} ms`));
      }, CASE_TIMEOUT_MS);
    });
    let result;
    sent = [];
    try {
      const outcome = await Promise.race([body({ signal: controller.signal }), deadline]);
      result = typeof outcome === 'object' && outcome?.knownBug
        ? { case: name, passed: true, ...outcome } : { case: name, passed: true, detail: String(outcome ?? '') };
    } catch (e) {
      result = { case: name, passed: false, detail: e instanceof Mismatch ? e.message : describe(e) };
      if (!(e instanceof Mismatch) && e?.stack) {
        console.error(`[${name}] ${e.stack}`);
      }
    } finally {
      clearTimeout(timer);
    }
    console.log(`@@labkit-case ${JSON.stringify(result)}`);
  }
  // A call that timed out may still hold a socket open: the results are out, so stop here.
  process.exit(0);
}
