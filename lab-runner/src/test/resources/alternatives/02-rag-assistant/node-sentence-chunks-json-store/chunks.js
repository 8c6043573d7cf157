'use strict';
// Sentence-window chunking: a document is cut into sentences (and lines, so headings and list
// items stand alone), and consecutive sentences are packed into chunks of about TARGET
// characters. The next chunk starts with the last sentences of the one before (up to OVERLAP
// characters, or at least its last sentence), so a fact cut at a boundary is whole in one chunk.
// A chunk is a slice of the document as written: it starts and ends between words.

const MAX = 1000;
const TARGET = 700;
const OVERLAP = 200;

/** Spans [start, end) of the text's sentences and lines, trimmed of whitespace. */
function sentences(text) {
  const spans = [];
  const pieces = /[^\n]+/g;
  for (let line; (line = pieces.exec(text)) !== null;) {
    const boundary = /[.!?](?=\s)/g;
    let from = line.index;
    const lineEnd = line.index + line[0].length;
    for (let end; (end = boundary.exec(line[0])) !== null;) {
      pushTrimmed(text, from, line.index + end.index + 1, spans);
      from = line.index + end.index + 1;
    }
    pushTrimmed(text, from, lineEnd, spans);
  }
  return spans.flatMap((span) => (span.end - span.start > TARGET ? byWords(text, span) : [span]));
}

function pushTrimmed(text, start, end, spans) {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  if (end > start) spans.push({ start, end });
}

/** A sentence longer than TARGET, cut between words into pieces of at most TARGET characters. */
function byWords(text, span) {
  const pieces = [];
  let start = span.start;
  while (span.end - start > TARGET) {
    let cut = text.lastIndexOf(' ', start + TARGET);
    if (cut <= start) cut = start + TARGET; // one word longer than TARGET: nothing better to do
    pushTrimmed(text, start, cut, pieces);
    start = cut;
    while (start < span.end && /\s/.test(text[start])) start++;
  }
  pushTrimmed(text, start, span.end, pieces);
  return pieces;
}

/** The document's chunks, in order: slices of the text of at most MAX characters. */
function chunk(text) {
  const units = sentences(text);
  const chunks = [];
  let first = 0;
  while (first < units.length) {
    let last = first;
    while (last + 1 < units.length && units[last + 1].end - units[first].start <= TARGET) last++;
    chunks.push(text.slice(units[first].start, units[last].end));
    if (last === units.length - 1) break;
    let next = last > first ? last : last + 1;
    for (let u = first + 1; u <= last; u++) {
      if (units[last].end - units[u].start <= OVERLAP) {
        next = u;
        break;
      }
    }
    first = next;
  }
  return chunks;
}

module.exports = { chunk, MAX, TARGET, OVERLAP };
