/* sw.js: the lobby screen keeps working while the server is down.
   Registered by kiosk.js on kiosk pages only, as /sw.js?kiosk=<id> with scope "/".
   - It keeps a copy of every page and asset of the current site version (the list comes from
     /offline/manifest.json), in a cache named after the version.
   - Pages: the network first (fresh "open now"), the copy when the server does not answer; a
     page served from the copy shows a small "offline since 14:02" mark for staff.
   - A page with no copy gets the kiosk's own "one moment" page, which asks again by itself.
   - Every page from the server says X-Kiosk-Version: a new one is copied in the background and
     replaces the old copy once complete.
   Plain ES2017, no build step. */
'use strict';

const KIOSK = new URL(self.location.href).searchParams.get('kiosk') || '';
const MANIFEST = '/offline/manifest.json?kiosk=' + encodeURIComponent(KIOSK);
const PREFIX = 'kiosk-copy-';
const INFO = '/offline/__copy__'; // inside each cache: the manifest it was made from, written last
const NETWORK_TIMEOUT_MS = 4000; // a hung server counts as down
const NEVER_COPIED = ['/healthz', '/sw.js', '/offline/manifest.json'];
const DISPLAY_PARAMS = ['text', 'contrast', 'reach', 'route', 'from']; // a copy without them is better than none

let current = null; // {cache, info} of the complete copy in use
let copying = null; // the copy being made, so that one runs at a time
let offlineSince = null;

// The same page whatever the order of its parameters.
function keyOf(url) {
  const parsed = new URL(url, self.location.origin);
  parsed.hash = '';
  parsed.searchParams.sort();
  return parsed.href;
}

function withoutDisplayParams(url) {
  const parsed = new URL(url);
  for (const name of DISPLAY_PARAMS) parsed.searchParams.delete(name);
  return keyOf(parsed.href);
}

async function findCopy() {
  if (current) return current;
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX)) continue;
    const cache = await caches.open(name);
    const info = await cache.match(INFO);
    if (info) {
      current = { name, cache, info: await info.json() };
      return current;
    }
  }
  return null;
}

async function copyAll(limit) {
  const response = await fetch(MANIFEST, { cache: 'no-store' });
  if (!response.ok) throw new Error('manifest ' + response.status);
  const info = await response.json();
  const have = await findCopy();
  if (have && have.info.version === info.version) return have;
  const name = PREFIX + info.version;
  const cache = await caches.open(name);
  const queue = info.urls.slice();
  async function worker() {
    while (queue.length) {
      const url = queue.shift();
      // A clip the page's <audio> began to load sits in the HTTP cache as a partial (206) answer, which the
      // Cache API refuses: the whole file is fetched afresh.
      const fresh = url.startsWith('/speech/') ? 'reload' : 'no-cache';
      const got = await fetch(url, { cache: fresh, credentials: 'same-origin' });
      if (got.status === 404) continue; // gone since the list was made: the next version's list says
      if (!got.ok) throw new Error(url + ' ' + got.status);
      await cache.put(keyOf(url), got);
    }
  }
  await Promise.all(Array.from({ length: limit }, worker)); // a few at a time: the server is small
  await cache.put(INFO, new Response(JSON.stringify(info), { headers: { 'Content-Type': 'application/json' } }));
  current = { name, cache, info };
  for (const other of await caches.keys()) {
    if (other.startsWith(PREFIX) && other !== name) await caches.delete(other);
  }
  return current;
}

function refreshCopy() {
  if (!copying) {
    copying = copyAll(4)
      .catch(() => null) // half a copy is never used: the old one stays until a new one is complete
      .then((result) => { copying = null; return result; });
  }
  return copying;
}

self.addEventListener('install', (event) => {
  event.waitUntil(refreshCopy().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

function fetchWithTimeout(request) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), NETWORK_TIMEOUT_MS);
    fetch(request).then(
      (response) => { clearTimeout(timer); resolve(response); },
      (error) => { clearTimeout(timer); reject(error); },
    );
  });
}

function clock(date, timezone) {
  try {
    return date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: timezone });
  } catch (e) {
    return date.toTimeString().slice(0, 5);
  }
}

// Show the staff mark on a page from the copy: unhide it and say since when.
async function markOffline(response, info) {
  const html = await response.text();
  const since = clock(offlineSince || new Date(), info && info.timezone);
  const marked = html
    .replace(/data-offline hidden/g, 'data-offline')
    .replace(/<time data-offline-since>[^<]*<\/time>/g, '<time data-offline-since>' + since + '</time>');
  const headers = new Headers(response.headers);
  headers.delete('Content-Length');
  headers.set('X-Kiosk-Offline', offlineSince ? offlineSince.toISOString() : '');
  return new Response(marked, { status: response.status, statusText: response.statusText, headers });
}

async function fromCopy(request, isPage) {
  const copy = await findCopy();
  if (!copy) return null;
  let found = await copy.cache.match(keyOf(request.url));
  if (!found && isPage) found = await copy.cache.match(withoutDisplayParams(request.url));
  if (!found && isPage && new URL(request.url).pathname === '/') found = await copy.cache.match(keyOf(copy.info.home));
  if (!found && !isPage) found = await copy.cache.match(request.url, { ignoreSearch: true }); // an older ?v=
  if (!found && isPage) {
    const wait = await copy.cache.match(keyOf(copy.info.wait));
    if (wait) found = wait; // the "one moment" page: its refresh asks for this page again
  }
  if (!found) return null;
  return isPage ? markOffline(found, copy.info) : found;
}

function looksLikePage(request) {
  if (request.mode === 'navigate') return true;
  const accept = request.headers.get('Accept') || '';
  const path = new URL(request.url).pathname;
  return !path.startsWith('/static/') && !/\.(png|svg|json|wav)$/.test(path) && (accept.includes('text/html') || accept === '*/*');
}

async function handle(request) {
  const url = new URL(request.url);
  const isPage = looksLikePage(request);
  // Static files have the hash of their bytes in the URL: the copy is as good as the server's.
  // Read aloud clips (/speech/<version>/<hash of the words>) never change either.
  if ((url.pathname.startsWith('/static/') && url.searchParams.get('v')) || url.pathname.startsWith('/speech/')) {
    const copy = await findCopy();
    const hit = copy && (await copy.cache.match(keyOf(request.url)));
    if (hit) return hit;
  }
  try {
    const response = await fetchWithTimeout(request);
    offlineSince = null;
    const version = response.headers.get('X-Kiosk-Version');
    const copy = await findCopy();
    if (version && (!copy || copy.info.version !== version)) refreshCopy();
    else if (copy && response.ok && isPage && version) {
      // Keep the copy as fresh as the last time the page was seen ("open now" included).
      const key = keyOf(request.url);
      if (await copy.cache.match(key)) copy.cache.put(key, response.clone());
    }
    return response;
  } catch (error) {
    if (!offlineSince) offlineSince = new Date();
    const kept = await fromCopy(request, isPage);
    if (kept) return kept;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || NEVER_COPIED.includes(url.pathname)) return;
  if (url.pathname.startsWith('/staff/')) return; // the console is per person, with form tokens: never copied
  event.respondWith(handle(request));
});
