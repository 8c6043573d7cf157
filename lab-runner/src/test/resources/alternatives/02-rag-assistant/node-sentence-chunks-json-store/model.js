'use strict';
// The model server, reached with fetch: embeddings through the OpenAI-compatible
// /v1/embeddings (a string input for one text, an array for a batch), chat through Ollama's
// /api/chat with its default NDJSON stream, read to the end.

class ModelError extends Error {
  /** status: 502 when the model failed, 504 when it was too slow. */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

class Model {
  constructor(baseUrl, chatModel, embeddingModel) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.chatModel = chatModel;
    this.embeddingModel = embeddingModel;
  }

  /** One vector for one text. */
  async embedOne(text, timeoutMs) {
    const [vector] = await this.embeddings(text, 1, timeoutMs);
    return vector;
  }

  /** One vector per text, in order, asked for in batches. */
  async embedAll(texts, timeoutMs) {
    const vectors = [];
    for (let i = 0; i < texts.length; i += 32) {
      const batch = texts.slice(i, i + 32);
      vectors.push(...(await this.embeddings(batch, batch.length, timeoutMs)));
    }
    return vectors;
  }

  async embeddings(input, count, timeoutMs) {
    const body = await this.post('/v1/embeddings', { model: this.embeddingModel, input }, timeoutMs, 'embedding');
    const data = body && Array.isArray(body.data) ? body.data : [];
    const vectors = new Array(count);
    data.forEach((item, i) => {
      vectors[Number.isInteger(item.index) ? item.index : i] = item.embedding;
    });
    if (vectors.length !== count || vectors.some((v) => !Array.isArray(v) || v.length === 0)) {
      throw new ModelError(502, 'The embedding model gave no usable vectors.');
    }
    return vectors;
  }

  /** The chat model's whole reply to these messages. */
  async chat(messages, timeoutMs) {
    const signal = AbortSignal.timeout(timeoutMs);
    const response = await this.send('/api/chat', { model: this.chatModel, messages }, signal, 'chat');
    let reply = '';
    let pending = '';
    try {
      const decoder = new TextDecoder();
      for await (const bytes of response.body) {
        pending += decoder.decode(bytes, { stream: true });
        let newline;
        while ((newline = pending.indexOf('\n')) >= 0) {
          const line = pending.slice(0, newline).trim();
          pending = pending.slice(newline + 1);
          if (line) reply += part(line);
        }
      }
      if (pending.trim()) reply += part(pending.trim());
    } catch (e) {
      throw failure(e, 'chat');
    }
    return reply;
  }

  async post(path, payload, timeoutMs, what) {
    const signal = AbortSignal.timeout(timeoutMs);
    const response = await this.send(path, payload, signal, what);
    try {
      return await response.json();
    } catch (e) {
      throw failure(e, what);
    }
  }

  async send(path, payload, signal, what) {
    let response;
    try {
      response = await fetch(this.baseUrl + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal,
      });
    } catch (e) {
      throw failure(e, what);
    }
    if (!response.ok) {
      const detail = await response.text().catch(() => '');
      console.error(`the ${what} model answered ${response.status}: ${detail.slice(0, 300)}`);
      throw new ModelError(502, `The ${what} model failed (status ${response.status}).`);
    }
    return response;
  }
}

/** The text of one NDJSON line of a chat stream; an error line is a failure. */
function part(line) {
  const chunk = JSON.parse(line);
  if (chunk.error) throw new ModelError(502, 'The chat model failed while answering.');
  return (chunk.message && chunk.message.content) || '';
}

function failure(e, what) {
  if (e instanceof ModelError) return e;
  console.error(`${what} request failed: ${e && e.name}: ${e && e.message}`);
  if (e && (e.name === 'TimeoutError' || e.name === 'AbortError')) {
    return new ModelError(504, `The ${what} model took too long to answer.`);
  }
  return new ModelError(502, `The ${what} model could not be reached.`);
}

module.exports = { Model, ModelError };
