'use strict';
// Sprout, lab 01's chatbot, written independently of the reference solution: Node 20 with only
// the standard library (node:http, fetch), talking to the model with Ollama's native /api/chat.
// README.md lists the forms it takes where the brief leaves a choice.

const http = require('node:http');
const fs = require('node:fs/promises');
const path = require('node:path');

const PORT = Number(process.env.PORT || 8080);
const HOST = process.env.HOST || '127.0.0.1';
const MODEL = process.env.LAB_CHAT_MODEL || 'qwen2.5:0.5b';
const CHAT_URL = (process.env.OLLAMA_BASE_URL || 'http://127.0.0.1:11434').replace(/\/+$/, '') + '/api/chat';

const PERSONA = 'You are Sprout, a friendly gardening assistant. You help people grow healthy plants: '
  + 'watering, soil, light, pests, pruning and harvests. Answer warmly and briefly, and say so when '
  + 'you are not sure.';
const WINDOW = 20;                 // earlier messages sent with each request, the most recent
const MODEL_SILENCE_MS = 10_000;   // the model said nothing for this long: 504 / event: error
const MAX_MESSAGE = 4000;          // characters (code points)
const MAX_BODY_BYTES = 1 << 20;
const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/;
const STATIC_DIR = path.join(__dirname, 'static');

/** sessionId -> [{role, content}], the most recent WINDOW messages. */
const sessions = new Map();

class HttpError extends Error {
  constructor(status, message, code) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

// ---- HTTP helpers ---------------------------------------------------------------------------

function sendJson(res, status, body) {
  // Pretty-printed, with a trailing newline, no charset parameter.
  const text = JSON.stringify(body, null, 2) + '\n';
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res, error) {
  // Extra fields besides "error"; never the cause's text, which may name internal addresses.
  sendJson(res, error.status, { code: error.code, error: error.message, retryable: error.status >= 500 });
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, 'The request is too large.', 'too_large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The valid {sessionId, message} of a chat request, or an HttpError (400/413) before any model call. */
async function chatRequest(req) {
  const text = await readBody(req);
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'The body must be a JSON object with "sessionId" and "message".', 'bad_json');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'The body must be a JSON object with "sessionId" and "message".', 'bad_json');
  }
  const { sessionId, message } = body;
  if (typeof sessionId !== 'string' || !SESSION_ID.test(sessionId)) {
    throw new HttpError(400, 'sessionId must be 1 to 64 letters, digits, "-" or "_".', 'bad_session_id');
  }
  if (typeof message !== 'string' || message.trim() === '') {
    throw new HttpError(400, 'message must be a non-blank string.', 'bad_message');
  }
  if (Array.from(message).length > MAX_MESSAGE) {
    throw new HttpError(413, `message must be at most ${MAX_MESSAGE} characters.`, 'message_too_long');
  }
  return { sessionId, message };
}

// ---- the model ------------------------------------------------------------------------------

function conversation(sessionId, message) {
  return [{ role: 'system', content: PERSONA }, ...(sessions.get(sessionId) || []), { role: 'user', content: message }];
}

function remember(sessionId, message, reply) {
  const history = [...(sessions.get(sessionId) || []), { role: 'user', content: message },
    { role: 'assistant', content: reply }];
  sessions.set(sessionId, history.slice(-WINDOW));
}

const unreachable = () => new HttpError(502, 'Sprout cannot reach its model right now. Please try again.',
  'model_unavailable');
const silent = () => new HttpError(504, 'Sprout\'s model took too long to answer. Please try again.',
  'model_timeout');

/** A deadline that fires when the model has said nothing for MODEL_SILENCE_MS; poke() restarts it. */
function silenceWatch() {
  const controller = new AbortController();
  let timer;
  const watch = {
    signal: controller.signal,
    timedOut: false,
    poke() {
      clearTimeout(timer);
      timer = setTimeout(() => { watch.timedOut = true; controller.abort(); }, MODEL_SILENCE_MS);
    },
    stop() { clearTimeout(timer); },
    abort() { clearTimeout(timer); controller.abort(); },
  };
  watch.poke();
  return watch;
}

/** Posts to Ollama's /api/chat; the answer's headers must come before the silence deadline. */
async function callModel(messages, stream, watch) {
  let response;
  try {
    response = await fetch(CHAT_URL, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: MODEL, messages, stream }),
      signal: watch.signal,
    });
  } catch (e) {
    console.error(`model request failed: ${e.cause ? e.cause.message : e.message}`);
    throw watch.timedOut ? silent() : unreachable();
  }
  if (!response.ok) {
    const detail = await response.text().catch(() => '');
    console.error(`model answered ${response.status}: ${detail.slice(0, 300)}`);
    throw unreachable();
  }
  return response;
}

async function chatOnce(sessionId, message) {
  const watch = silenceWatch();
  try {
    const response = await callModel(conversation(sessionId, message), false, watch);
    let body;
    try {
      body = JSON.parse(await response.text());
    } catch (e) {
      console.error(`model answer unreadable: ${e.message}`);
      throw watch.timedOut ? silent() : unreachable();
    }
    if (!body || !body.message || typeof body.message.content !== 'string') {
      console.error('model answer without message.content');
      throw unreachable();
    }
    return body.message.content;
  } finally {
    watch.stop();
  }
}

/** Yields each parsed NDJSON line of a streamed Ollama answer, resetting the silence deadline on every byte. */
async function* ndjson(response, watch) {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const bytes of response.body) {
    watch.poke();
    buffer += decoder.decode(bytes, { stream: true });
    let newline;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line) yield JSON.parse(line);
    }
  }
  if (buffer.trim()) yield JSON.parse(buffer);
}

// ---- routes ---------------------------------------------------------------------------------

async function postChat(req, res) {
  const { sessionId, message } = await chatRequest(req);
  const reply = await chatOnce(sessionId, message);
  remember(sessionId, message, reply);
  // Key order and extra fields differ from the brief's example on purpose.
  sendJson(res, 200, { reply, model: MODEL, sessionId });
}

/** One SSE event in the layout Spring's SseEmitter also writes: CRLF, no space after "data:", event after data. */
function sseEvent({ id, event, data, pretty }) {
  const json = JSON.stringify(data, null, pretty ? 2 : 0);
  let text = id === undefined ? '' : `id:${id}\r\n`;
  for (const line of json.split('\n')) text += `data:${line}\r\n`;
  if (event) text += `event: ${event}\r\n`;
  return text + '\r\n';
}

async function postChatStream(req, res) {
  const { sessionId, message } = await chatRequest(req);
  const watch = silenceWatch();
  res.on('close', () => { if (!res.writableEnded) watch.abort(); }); // the user went away
  // Until the model answers, errors are the JSON errors of the table (502/504), not a stream.
  let response;
  try {
    response = await callModel(conversation(sessionId, message), true, watch);
  } catch (e) {
    watch.stop();
    throw e;
  }
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=UTF-8',
    'Cache-Control': 'no-cache',
    'X-Accel-Buffering': 'no',
  });
  res.write(':ok\r\nretry: 5000\r\n\r\n');
  const keepAlive = setInterval(() => res.write(': keep-alive\r\n\r\n'), 5000);
  let reply = '';
  let n = 0;
  try {
    let finished = false;
    for await (const chunk of ndjson(response, watch)) {
      if (chunk.error) throw new Error(`model error in stream: ${chunk.error}`);
      const text = chunk.message && typeof chunk.message.content === 'string' ? chunk.message.content : '';
      reply += text;
      // Every chunk is relayed, the closing one's empty text too, with an event: message line.
      res.write(`: chunk ${n}\r\n` + sseEvent({ id: n, event: 'message', data: { index: n, delta: text, done: chunk.done === true } }));
      n++;
      if (chunk.done) {
        finished = true;
        break;
      }
    }
    if (!finished) throw new Error('the model stream ended without its closing chunk');
    remember(sessionId, message, reply);
    res.write(sseEvent({ id: n, event: 'done', data: { reply, sessionId, chunks: n }, pretty: true }));
  } catch (e) {
    console.error(`model stream failed: ${e.message}`);
    const error = watch.timedOut ? silent() : unreachable();
    res.write(sseEvent({ event: 'error', data: { error: error.message, code: error.code } }));
  } finally {
    watch.stop();
    clearInterval(keepAlive);
    res.end();
  }
}

function deleteSession(req, res, id) {
  if (!SESSION_ID.test(id)) {
    throw new HttpError(400, 'sessionId must be 1 to 64 letters, digits, "-" or "_".', 'bad_session_id');
  }
  sessions.delete(id);
  res.writeHead(204);
  res.end();
}

const STATIC_TYPES = { '.html': 'text/html; charset=UTF-8', '.js': 'text/javascript; charset=UTF-8',
  '.css': 'text/css; charset=UTF-8' };

async function staticFile(res, name) {
  const file = path.join(STATIC_DIR, path.normalize(name).replace(/^(\.\.[/\\])+/, ''));
  const type = STATIC_TYPES[path.extname(file)];
  if (!file.startsWith(STATIC_DIR + path.sep) || !type) throw new HttpError(404, 'Not found.', 'not_found');
  let bytes;
  try {
    bytes = await fs.readFile(file);
  } catch {
    throw new HttpError(404, 'Not found.', 'not_found');
  }
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': bytes.length });
  res.end(bytes);
}

async function route(req, res) {
  const url = new URL(req.url, 'http://sprout');
  const method = req.method;
  if (url.pathname === '/health' && method === 'GET') {
    return sendJson(res, 200, { status: 'ok', model: MODEL, sessions: sessions.size });
  }
  if (url.pathname === '/api/chat' && method === 'POST') return postChat(req, res);
  if (url.pathname === '/api/chat/stream' && method === 'POST') return postChatStream(req, res);
  const session = url.pathname.match(/^\/api\/sessions\/([^/]*)$/);
  if (session && method === 'DELETE') return deleteSession(req, res, decodeURIComponent(session[1]));
  if (url.pathname === '/' && method === 'GET') {
    res.writeHead(302, { Location: '/static/index.html' });
    return res.end();
  }
  if (url.pathname.startsWith('/static/') && method === 'GET') {
    return staticFile(res, url.pathname.slice('/static/'.length));
  }
  throw new HttpError(404, 'Not found.', 'not_found');
}

const server = http.createServer((req, res) => {
  route(req, res).catch((e) => {
    const error = e instanceof HttpError ? e : new HttpError(500, 'Something went wrong on Sprout\'s side.', 'internal');
    if (!(e instanceof HttpError)) console.error(e);
    if (res.headersSent) {
      res.end();
    } else {
      sendError(res, error);
    }
  });
});

server.listen(PORT, HOST, () => console.log(`Sprout listening on http://${HOST}:${PORT}, model ${MODEL} at ${CHAT_URL}`));
process.on('SIGTERM', () => process.exit(0));
