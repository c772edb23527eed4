// Read aloud on the kiosk: the page's clip (rendered ahead of time) plays when the 朗读 / Read aloud
// button is tapped, stops when it is tapped again, when the page changes and at the idle reset. Volume keys
// step it up and down; the idle reset brings it back to the building's default (settings.speech).
// A native ES module, loaded only by pages that have a clip; kiosk.js imports it after a page swap too.

const VOLUME_KEY = 'kiosk.speech.volume'; // sessionStorage: the idle reset clears it with the rest
const STEP = 0.15;
let playing = null; // the <audio> that is speaking, if any

const audioOf = () => document.querySelector('audio[data-speech]');
const buttonOf = () => document.querySelector('[data-speech-button]');

function storedVolume(audio) {
  let kept = null;
  try { kept = sessionStorage.getItem(VOLUME_KEY); } catch (e) { /* private mode */ }
  const volume = kept === null ? Number(audio.dataset.volume || 1) : Number(kept);
  return Math.min(1, Math.max(0.05, volume));
}

function show(isPlaying) {
  const button = buttonOf();
  if (!button) return;
  button.setAttribute('aria-pressed', String(isPlaying));
  button.classList.toggle('is-on', isPlaying);
  const label = button.querySelector('[data-speech-label]');
  if (label) label.textContent = isPlaying ? button.dataset.stop : button.dataset.read;
}

export function stop() {
  if (playing) {
    playing.pause();
    playing.currentTime = 0;
  }
  playing = null;
  show(false);
}

function play(audio) {
  audio.volume = storedVolume(audio);
  audio.currentTime = 0;
  playing = audio;
  show(true);
  const started = audio.play();
  if (started && started.catch) started.catch(() => stop());
}

function toggle() {
  const audio = audioOf();
  if (!audio) return;
  if (playing === audio && !audio.paused) stop();
  else play(audio);
}

function step(direction) {
  const audio = audioOf();
  if (!audio) return;
  const volume = Math.min(1, Math.max(0.05, storedVolume(audio) + direction * STEP));
  try { sessionStorage.setItem(VOLUME_KEY, String(volume)); } catch (e) { /* private mode */ }
  audio.volume = volume;
}

// One set of listeners on the document: pages come and go (kiosk.js swaps the body), the module stays.
function setUp() {
  if (window.kioskSpeech) return;
  window.kioskSpeech = { stop };
  document.addEventListener('click', (event) => {
    const target = event.target.closest && event.target.closest('[data-speech-button], [data-speech-volume]');
    if (!target) return;
    if (target.hasAttribute('data-speech-button')) toggle();
    else step(Number(target.dataset.speechVolume));
  });
  document.addEventListener('ended', (event) => { if (event.target === playing) stop(); }, true);
  document.addEventListener('kiosk:leave', stop); // the page changes: silence first
  document.addEventListener('kiosk:reset', () => {
    stop();
    try { sessionStorage.removeItem(VOLUME_KEY); } catch (e) { /* private mode */ }
  });
  window.addEventListener('pagehide', stop);
}

setUp();
