'use strict';
// Lark on Node 20's standard library: indexes LAB_DOCS_DIR (only what changed since the last
// run), then serves /health, POST /api/documents, GET /api/search and POST /api/ask.

const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const { chunk } = require('./chunks.js');
const { Model, ModelError } = require('./model.js');
const { Store, sha256, cosine } = require('./store.js');

const env = process.env;
const settings = {
  host: env.HOST || '127.0.0.1',
  port: Number(env.PORT || 8080),
  baseUrl: env.OLLAMA_BASE_URL || 'http://127.0.0.1:11434',
  chatModel: env.LAB_CHAT_MODEL || 'qwen2.5:0.5b',
  embeddingModel: env.LAB_EMBEDDING_MODEL || 'all-minilm',
  docsDir: env.LAB_DOCS_DIR || 'docs',
  dataDir: env.LAB_DATA_DIR || 'data',
};

const DEFAULT_K = 4;
const MAX_K = 20;
/** Cosine similarity below which a chunk is not about the question: measured on the fixtures, the best chunk
 * of an on-topic question scores 0.38 or more, of an off-topic one 0.29 or less. */
const THRESHOLD = 0.33;
const QUERY_TIMEOUT_MS = 10_000;
const CHAT_TIMEOUT_MS = 10_000; // the brief: a model silent for 10 s gets a 504
const INDEXING_TIMEOUT_MS = 60_000;
const MAX_BODY = 1 << 20;
const DONT_KNOW = "I don't know: the Larkspur documents do not say.";
const INSTRUCTIONS = 'You are Lark, the knowledge assistant of Larkspur Greenhouse Systems. Answer the question '
  + 'from the numbered sources only. If they do not contain the answer, say that you do not know.';

const model = new Model(settings.baseUrl, settings.chatModel, settings.embeddingModel);
const store = new Store(settings.dataDir);
let dimension = null;

class Refused extends Error {}

// ---- the knowledge base ----------------------------------------------------------------------

/** Chunks and embeds a document; the result is what the store keeps for it. */
async function prepare(id, title, text, origin) {
  const texts = chunk(text);
  const vectors = await model.embedAll(texts, INDEXING_TIMEOUT_MS);
  return { title, sha256: sha256(text), origin, chunks: texts.map((t, i) => ({ text: t, vector: vectors[i] })) };
}

function readFolder(dir) {
  return fs.readdirSync(dir).filter((name) => /\.(md|txt)$/.test(name)).sort().map((name) => {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    const heading = /^#\s+(.+)$/m.exec(text);
    return { id: name.replace(/\.(md|txt)$/, ''), title: heading ? heading[1].trim() : null, text };
  });
}

async function indexAtStart() {
  // Learn the model's vector length (as langchain4j's dimension() does): vectors of another
  // model or length cannot be compared with the stored ones, which are then embedded again.
  dimension = (await model.embedOne('test', INDEXING_TIMEOUT_MS)).length;
  if (!store.madeBy(settings.embeddingModel, dimension)) {
    for (const [id, document] of Object.entries(store.documents())) {
      const vectors = await model.embedAll(document.chunks.map((c) => c.text), INDEXING_TIMEOUT_MS);
      document.chunks.forEach((c, i) => { c.vector = vectors[i]; });
      console.log(`re-embedded ${id} with ${settings.embeddingModel}`);
    }
  }
  const folder = readFolder(settings.docsDir);
  const present = new Set(folder.map((d) => d.id));
  for (const [id, document] of Object.entries(store.documents())) {
    if (document.origin === 'folder' && !present.has(id)) store.remove(id);
  }
  let embedded = 0;
  for (const document of folder) {
    const known = store.documents()[document.id];
    if (!known || known.sha256 !== sha256(document.text)) {
      store.put(document.id, await prepare(document.id, document.title, document.text, 'folder'));
      embedded++;
    }
  }
  store.save(settings.embeddingModel, dimension);
  console.log(`${folder.length} documents in ${settings.docsDir}, ${embedded} embedded`);
}

async function search(query, k, minScore) {
  const vector = await model.embedOne(query, QUERY_TIMEOUT_MS);
  const scored = [];
  for (const c of store.chunks()) {
    const score = cosine(vector, c.vector);
    if (score >= minScore) scored.push({ score, text: c.text, documentId: c.documentId, title: c.title });
  }
  return scored.sort((a, b) => b.score - a.score).slice(0, k);
}

async function ask(question) {
  const sources = await search(question, DEFAULT_K, THRESHOLD);
  if (sources.length === 0) {
    return { sources: [], answer: DONT_KNOW }; // nothing relevant: the chat model is not asked
  }
  const numbered = sources.map((s, i) => `[${i + 1}] (${s.documentId}) ${s.text}`).join('\n\n');
  const answer = await model.chat([
    { role: 'system', content: INSTRUCTIONS },
    { role: 'user', content: `Sources:\n\n${numbered}\n\nQuestion: ${question}` },
  ], CHAT_TIMEOUT_MS);
  return { sources, answer };
}

// ---- HTTP --------------------------------------------------------------------------------------

function send(res, status, body) {
  const text = JSON.stringify(body, null, 2) + '\n';
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const parts = [];
    let size = 0;
    req.on('data', (part) => {
      size += part.length;
      if (size > MAX_BODY) {
        reject(new Refused('The request body is larger than 1 MB.'));
        req.destroy();
      } else {
        parts.push(part);
      }
    });
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

async function jsonObject(req) {
  let body;
  try {
    body = JSON.parse(await readBody(req));
  } catch (e) {
    if (e instanceof Refused) throw e;
    throw new Refused('The request body is not valid JSON.');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new Refused('The request body must be a JSON object.');
  }
  return body;
}

function nonBlank(body, field) {
  const value = body[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Refused(`"${field}" must be a non-blank string.`);
  }
  return value;
}

function kOf(value) {
  if (value === null) return DEFAULT_K;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_K) {
    throw new Refused(`k must be a whole number from 1 to ${MAX_K}.`);
  }
  return Number(value);
}

const routes = {
  'GET /health': async () => [200, { documents: Object.keys(store.documents()).length, status: 'ok' }],

  'POST /api/documents': async (req) => {
    const body = await jsonObject(req);
    const id = nonBlank(body, 'id');
    const text = nonBlank(body, 'text');
    const title = typeof body.title === 'string' ? body.title : null;
    const document = await prepare(id, title, text, 'api');
    const added = store.put(id, document); // replaces every chunk of an existing id
    store.save(settings.embeddingModel, dimension);
    return added ? [201, { chunks: document.chunks.length, id }] : [200, { chunks: document.chunks.length, id, replaced: true }];
  },

  'GET /api/search': async (req, url) => {
    const q = url.searchParams.get('q');
    if (q === null || q.trim() === '') throw new Refused('q must be a non-blank query.');
    const k = kOf(url.searchParams.get('k'));
    return [200, { query: q, k, results: await search(q, k, -Infinity) }];
  },

  'POST /api/ask': async (req) => {
    const question = nonBlank(await jsonObject(req), 'question');
    return [200, await ask(question)];
  },
};

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://lark');
  const route = routes[`${req.method} ${url.pathname}`];
  try {
    if (!route) {
      const known = Object.keys(routes).some((r) => r.endsWith(' ' + url.pathname));
      send(res, known ? 405 : 404, { error: `${known ? 'Method not allowed' : 'Not found'}: ${req.method} ${url.pathname}` });
      return;
    }
    const [status, body] = await route(req, url);
    send(res, status, body);
  } catch (e) {
    if (e instanceof Refused) {
      send(res, 400, { error: e.message });
    } else if (e instanceof ModelError) {
      send(res, e.status, { error: e.message });
    } else {
      console.error(e);
      send(res, 500, { error: 'Something went wrong on our side. Please try again.' });
    }
  }
});

async function main() {
  await indexAtStart(); // before /health answers: the app is ready once it is indexed
  server.listen(settings.port, settings.host, () => {
    console.log(`Lark listening on http://${settings.host}:${settings.port}`);
  });
}

process.on('SIGTERM', () => process.exit(0)); // every write is finished when its request answers
main().catch((e) => {
  console.error(`cannot start: ${e.message}`);
  process.exit(1);
});
