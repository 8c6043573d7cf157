'use strict';
// The vector store: one JSON file in LAB_DATA_DIR holding every document's chunks with their
// vectors, the hash of its text, and the embedding model and dimension they were made with.
// Written to a temporary file and renamed, so a crash never leaves half an index.

const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

class Store {
  constructor(dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, 'lark-index.json');
    this.index = { model: null, dimension: null, documents: {} };
    if (fs.existsSync(this.file)) {
      this.index = JSON.parse(fs.readFileSync(this.file, 'utf8'));
    }
  }

  /** Whether the stored vectors were made by this model, with vectors of this length. */
  madeBy(model, dimension) {
    return this.index.model === model && this.index.dimension === dimension;
  }

  documents() {
    return this.index.documents;
  }

  /** Stores (or replaces) a document's chunks; returns whether the id was new. */
  put(id, document) {
    const added = !(id in this.index.documents);
    this.index.documents[id] = document;
    return added;
  }

  remove(id) {
    delete this.index.documents[id];
  }

  /** Every chunk with its document's id and title. */
  *chunks() {
    for (const [documentId, document] of Object.entries(this.index.documents)) {
      for (const chunk of document.chunks) yield { documentId, title: document.title, ...chunk };
    }
  }

  save(model, dimension) {
    this.index.model = model;
    this.index.dimension = dimension;
    const temp = this.file + '.tmp';
    fs.writeFileSync(temp, JSON.stringify(this.index));
    fs.renameSync(temp, this.file);
  }
}

function sha256(text) {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

function cosine(a, b) {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

module.exports = { Store, sha256, cosine };
