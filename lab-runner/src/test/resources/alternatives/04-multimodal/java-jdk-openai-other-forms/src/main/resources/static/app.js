// The form is made here, not written in the page: a text input, a photo, a WAV file, speak.
const form = document.getElementById('form');
form.innerHTML = '<input type="text" id="q" placeholder="Ask Fig">'
  + '<input type="file" id="photo" accept="image/*">'
  + '<input type="file" id="wav" accept="audio/*">'
  + '<label><input type="checkbox" id="say"> read it out</label>'
  + '<button id="go">Ask</button>';
const session = 'web' + Date.now();
document.getElementById('go').onclick = async () => {
  const data = new FormData();
  data.append('sessionId', session);
  data.append('text', document.getElementById('q').value);
  const photo = document.getElementById('photo').files[0];
  if (photo) data.append('image', photo);
  const wav = document.getElementById('wav').files[0];
  if (wav) data.append('audio', wav);
  data.append('speak', String(document.getElementById('say').checked));
  const answer = await (await fetch('/api/ask', { method: 'POST', body: data })).json();
  // What Fig heard comes first, so that a customer who spoke sees it (the brief's page contract).
  document.getElementById('out').textContent = answer.error
    || (answer.transcript ? 'heard: ' + answer.transcript + '\n' : '') + answer.reply;
  if (answer.audio) {
    const voice = document.getElementById('voice');
    voice.src = 'data:audio/wav;base64,' + answer.audio;
    voice.play();
  }
};
