'use strict';
// Sprout's chat page: builds its form, sends each message to POST /api/chat/stream and shows the
// reply as its server-sent events arrive.

const log = document.getElementById('log');
const form = document.getElementById('chat');
let sessionId = newSessionId();

const box = document.createElement('input');
box.type = 'text';
box.name = 'message';
box.maxLength = 4000;
box.placeholder = 'Ask Sprout about your garden…';
box.required = true;
const send = document.createElement('button');
send.type = 'submit';
send.textContent = 'Send';
const reset = document.createElement('button');
reset.type = 'button';
reset.textContent = 'New conversation';
form.append(box, send, reset);

function newSessionId() {
  return 'web-' + Math.random().toString(36).slice(2, 12);
}

function say(cls, text) {
  const div = document.createElement('div');
  div.className = cls;
  div.textContent = text;
  log.appendChild(div);
  return div;
}

/**
 * Reads a text/event-stream as the HTML standard does: CR, LF or CRLF line ends, "data:" with or
 * without a space, several data lines joined, comments skipped, an event dispatched at a blank line.
 */
async function* serverSentEvents(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let data = [];
  let type = '';
  for (;;) {
    const { value, done } = await reader.read();
    buffer += done ? '' : value;
    // A CR at the end may be the first half of a CRLF: keep it until more arrives or the stream ends.
    const held = !done && buffer.endsWith('\r');
    const lines = (held ? buffer.slice(0, -1) : buffer).split(/\r\n|\r|\n/);
    buffer = lines.pop() + (held ? '\r' : '');
    for (const line of lines) {
      if (line === '') {
        if (data.length) yield { type: type || 'message', data: data.join('\n') };
        data = [];
        type = '';
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let val = colon < 0 ? '' : line.slice(colon + 1);
      if (val.startsWith(' ')) val = val.slice(1);
      if (field === 'data') data.push(val);
      else if (field === 'event') type = val;
    }
    if (done) return; // an event the stream ended in the middle of is dropped
  }
}

async function ask(message) {
  const answer = say('sprout', '');
  const response = await fetch('/api/chat/stream', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ sessionId, message }),
  });
  if (!response.ok) {
    const body = await response.json().catch(() => ({ error: response.statusText }));
    answer.className = 'sprout error';
    answer.textContent = body.error;
    return;
  }
  for await (const event of serverSentEvents(response.body)) {
    const json = JSON.parse(event.data);
    if (event.type === 'message') answer.textContent += json.delta || '';
    else if (event.type === 'done') answer.textContent = json.reply;
    else if (event.type === 'error') {
      answer.className = 'sprout error';
      answer.textContent = json.error;
    }
  }
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const message = box.value;
  if (!message.trim()) return;
  say('user', message);
  box.value = '';
  try {
    await ask(message);
  } catch (err) {
    say('sprout error', 'Could not reach Sprout: ' + err.message);
  }
});

reset.addEventListener('click', async () => {
  await fetch('/api/sessions/' + encodeURIComponent(sessionId), { method: 'DELETE' });
  sessionId = newSessionId();
  log.textContent = '';
});
