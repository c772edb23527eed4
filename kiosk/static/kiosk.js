/* kiosk.js: instant search everywhere, and on the lobby screen the kiosk behaviour:
   on-screen keyboard, tap feedback, no stray gestures, idle reset and the attract screen.
   Plain ES2017, no framework, no build step; every page works without it. */
(function () {
  'use strict';

  // ---- search: the same rules as kiosk/search.py (a browser test compares the two) ----

  const NOISE = /[\s!-/:-@[-`{-~\u00b7\u2010-\u2015\u2018-\u201f\u3000-\u303f\uff00-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]/g;
  // Combining marks (accents, pinyin tones, kana voicing marks): the same class as search.py's _MARKS.
  const MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\u3099\u309a\ufe20-\ufe2f]/g;
  const LATIN = /^[a-z0-9]+$/;
  const WEIGHTS = 4;
  const INITIALS = 3; // the weight of pinyin initials: never guessed at as a typo
  const EXACT = 0, PREFIX = 1, CONTAINS = 2, TYPO = 3;
  const MIN_TYPO_LENGTH = 4;
  const MIN_PREFIX_TYPO_LENGTH = 6;
  const MAX_RESULTS = 12;

  function normalize(text) {
    return text.normalize('NFKD').replace(MARKS, '').toLowerCase().replace(NOISE, '');
  }

  function queryVariants(query) {
    const plain = normalize(query);
    const variants = plain ? [plain] : [];
    const toneless = plain.replace(/([a-z])[1-5]/g, '$1');
    if (toneless && toneless !== plain) variants.push(toneless);
    return variants;
  }

  function withinOneEdit(a, b) {
    if (a === b) return true;
    const la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    let i = 0;
    while (i < Math.min(la, lb) && a[i] === b[i]) i++;
    if (la === lb) {
      const swapped = i + 1 < la && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
      return swapped || a.slice(i + 1) === b.slice(i + 1);
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  function matchLevel(query, term, weight) {
    if (term === query) return EXACT;
    if (term.startsWith(query)) return PREFIX;
    const latin = LATIN.test(query);
    if (term.includes(query) && (query.length >= 3 || !latin)) return CONTAINS;
    if (latin && query.length >= MIN_TYPO_LENGTH && weight !== INITIALS && couldBeOneEditAway(query, term)) {
      if (withinOneEdit(query, term)) return TYPO;
      const n = query.length;
      if (n >= MIN_PREFIX_TYPO_LENGTH) {
        for (const size of [n - 1, n, n + 1]) {
          if (size <= term.length && withinOneEdit(query, term.slice(0, size))) return TYPO;
        }
      }
    }
    return null;
  }

  function couldBeOneEditAway(query, term) {
    const head = query.slice(0, 2);
    return head.includes(term[0]) || (term.length > 1 && head.includes(term[1]));
  }

  function score(entry, variants) {
    let best = null;
    for (const [term, weight] of entry.terms) {
      for (const query of variants) {
        const level = matchLevel(query, term, weight);
        if (level !== null) {
          const value = level * WEIGHTS + weight;
          if (best === null || value < best) best = value;
        }
      }
    }
    return best;
  }

  function search(index, query, limit) {
    const variants = queryVariants(query);
    if (!variants.length) return [];
    const scored = [];
    for (const entry of index) {
      const value = score(entry, variants);
      if (value !== null) scored.push([value, entry.order, entry.id, entry]);
    }
    scored.sort((x, y) => x[0] - y[0] || x[1] - y[1] || (x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0));
    return scored.slice(0, limit || MAX_RESULTS).map((row) => row[3]);
  }

  // Chinese words of the building for the letters typed on the kiosk keyboard: search.py's candidates().
  const MAX_CANDIDATES = 8;
  function candidates(index, typed, limit) {
    const letters = normalize(typed);
    if (!letters || !LATIN.test(letters)) return [];
    const ranked = new Map();
    index.forEach((entry, position) => {
      for (const [text, full, initials] of entry.words || []) {
        let level;
        if (initials === letters || full === letters) level = 0;
        else if (initials.startsWith(letters) || full.startsWith(letters)) level = 1;
        else continue;
        const rank = [level, text.length, position];
        const known = ranked.get(text);
        if (!known || compareRanks(rank, known) < 0) ranked.set(text, rank);
      }
    });
    return [...ranked.keys()].sort((a, b) => compareRanks(ranked.get(a), ranked.get(b))).slice(0, limit || MAX_CANDIDATES);
  }

  function compareRanks(x, y) {
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  }

  window.kioskSearch = { normalize, withinOneEdit, matchLevel, search, candidates }; // for the browser tests and benchmarks

  let searchIndex = null; // one fetch per page load, shared by every page shown after it

  function setUpSearch(form) {
    const input = form.querySelector('input[type=search]');
    const list = document.querySelector('.results');
    const count = document.querySelector('.results-count');
    const template = document.getElementById('result-template');
    const lang = form.dataset.lang;
    let index = null;

    function render() {
      if (!index) return;
      const query = input.value;
      const found = query.trim() ? search(index, query) : [];
      const items = found.map((entry) => {
        const item = template.content.firstElementChild.cloneNode(true);
        const url = entry.kind === 'space' ? form.dataset.spaceUrl : form.dataset.facilityUrl;
        item.querySelector('a').href = url.replace('__id__', encodeURIComponent(entry.id));
        item.querySelector('.result-name').textContent = entry.label[lang];
        item.querySelector('.result-floor').textContent = typeof entry.floor === 'string' ? entry.floor : entry.floor[lang];
        return item;
      });
      list.textContent = '';
      for (const item of items) list.appendChild(item);
      const nothing = document.querySelector('.nothing-found');
      if (nothing) nothing.hidden = !(query.trim() && !found.length);
      if (!query.trim()) count.textContent = '';
      else if (found.length === 1) count.textContent = form.dataset.countOne;
      else if (found.length) count.textContent = form.dataset.count.replace('__n__', found.length);
      // A replacer function: with a string, `$'` or `$&` typed by a visitor would be read as patterns.
      else count.textContent = form.dataset.none.replace('__q__', () => query.trim());
    }

    if (!searchIndex) {
      searchIndex = fetch(form.dataset.index, { credentials: 'same-origin' })
        .then((response) => (response.ok ? response.json() : Promise.reject(response.status)));
      searchIndex.catch(() => { searchIndex = null; });
    }
    searchIndex
      .then((data) => {
        index = data;
        form.classList.add('is-instant');
        render();
      })
      .catch(() => {}); // without the index the form still submits to the server

    input.addEventListener('input', render);
    form.addEventListener('submit', (event) => {
      if (index) {
        event.preventDefault();
        render();
      }
    });

    const keyboard = document.querySelector('.keyboard');
    if (!keyboard) return;
    keyboard.hidden = false;
    const offered = keyboard.querySelector('.keyboard-candidates');
    // The letters at the end of the field are pinyin being typed: offer the building's words for them.
    const typing = () => (input.value.match(/[a-z]+$/i) || [''])[0];
    function offer() {
      if (!offered || !index) return;
      offered.textContent = '';
      for (const text of candidates(index, typing())) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'key key-candidate';
        button.dataset.key = 'candidate';
        button.dataset.text = text;
        button.textContent = text;
        offered.appendChild(button);
      }
      offered.hidden = !offered.firstChild;
    }
    keyboard.addEventListener('click', (event) => {
      const key = event.target.closest('[data-key]');
      if (!key) return;
      const name = key.dataset.key;
      if (name === 'backspace') input.value = input.value.slice(0, -1);
      else if (name === 'clear') input.value = '';
      else if (name === 'space') input.value += ' ';
      else if (name === 'candidate') input.value = input.value.slice(0, input.value.length - typing().length) + key.dataset.text;
      else input.value += name;
      render();
      offer();
    });
    input.addEventListener('input', offer);
  }

  // ---- counting the searches typed on the lobby screen (they never reach the server otherwise) ----
  // One beacon when the visitor stops typing for a moment or taps a result, never per keystroke;
  // sendBeacon does not hold up the page, and outlives a tap that leaves it.
  const SEARCH_PAUSE_MS = 3000;
  let sendPendingSearch = null; // the search page on screen: send what was typed before leaving

  function countSearches(form) {
    const input = form.querySelector('input[type=search]');
    const list = document.querySelector('.results');
    if (!input || !navigator.sendBeacon) return;
    let timer = null;
    let counted = input.value.trim(); // a ?q= page was counted by the server already
    function send() {
      clearTimeout(timer);
      const query = input.value.trim();
      if (!query || query === counted) return;
      counted = query;
      navigator.sendBeacon(form.dataset.beacon, new URLSearchParams({ q: query }));
    }
    function typed() {
      clearTimeout(timer);
      if (!input.value.trim()) counted = ''; // cleared: the same word typed again is a new search
      else timer = setTimeout(send, SEARCH_PAUSE_MS);
    }
    input.addEventListener('input', typed);
    const keyboard = document.querySelector('.keyboard');
    if (keyboard) keyboard.addEventListener('click', (event) => { if (event.target.closest('[data-key]')) typed(); });
    if (list) list.addEventListener('click', (event) => { if (event.target.closest('a')) send(); });
    // Without the index the form goes to the server, which counts it: no beacon then.
    form.addEventListener('submit', () => { if (form.classList.contains('is-instant')) send(); });
    if (!sendPendingSearch) window.addEventListener('pagehide', () => sendPendingSearch());
    sendPendingSearch = send;
  }

  // ---- the lobby screen ----

  function restrictGestures() {
    const prevent = (event) => event.preventDefault();
    document.addEventListener('contextmenu', prevent); // long-press and right-click menus
    document.addEventListener('dragstart', prevent); // dragging images and links
    document.addEventListener('selectstart', (event) => {
      if (!(event.target instanceof HTMLInputElement)) event.preventDefault();
    });
    document.addEventListener('dblclick', prevent);
    document.addEventListener('gesturestart', prevent);
    document.addEventListener('touchmove', (event) => { if (event.touches.length > 1) event.preventDefault(); }, { passive: false });
    document.addEventListener('wheel', (event) => { if (event.ctrlKey) event.preventDefault(); }, { passive: false });
  }

  // ---- changing page on the lobby screen ----
  // A full page load costs 60-80 ms of first paint on the kiosk's own renderer before any of our
  // work, so the kiosk fetches the next page (prefetched while the finger is still down, or
  // while idle) and swaps its body in: the next screen paints within a frame or two. Phones and
  // no-JS browsers follow the same links as plain navigations.

  const PAGE_TTL_MS = 30 * 1000; // pages say what is open *now*: don't keep them long
  const UNREACHABLE = {}; // fetchPage's answer when the server did not answer at all
  const RETRY_MS = 5000;
  let retryTimer = null;
  const WARM_LINKS = 24;
  const pages = new Map();
  let onPageShown = () => {};

  // An SVG <a> (a room on a floor plan) has an SVGAnimatedString for .href: read the attribute.
  function urlOf(link) {
    return new URL(link.getAttribute('href'), location.href);
  }

  function isPage(url) {
    return url.origin === location.origin && !url.pathname.startsWith('/static/') && !/\.(png|svg|json)$/.test(url.pathname);
  }

  // The HTML of a page; null when it is not HTML; UNREACHABLE when the server did not answer.
  // Error pages and pages from the offline copy are shown but not kept: the next tap asks again.
  function fetchPage(href) {
    const hit = pages.get(href);
    if (hit && Date.now() - hit.at < PAGE_TTL_MS) return hit.html;
    const html = fetch(href, { credentials: 'same-origin' })
      .then((r) => {
        if (!(r.headers.get('content-type') || '').startsWith('text/html')) return null;
        if (!r.ok || r.headers.has('X-Kiosk-Offline')) pages.delete(href);
        return r.text();
      })
      .catch(() => UNREACHABLE);
    html.then((text) => { if (text === null || text === UNREACHABLE) pages.delete(href); });
    pages.set(href, { at: Date.now(), html });
    return html;
  }

  // Idle work stays away from a finger on the glass: between pointerdown and the click that follows
  // it, one idle step (a parse, or a layout to size a plan: 30-60 ms at 4× CPU) would delay the
  // tap's page. And a page shown stops the warming of the one before (its links are gone).
  const PRESS_QUIET_MS = 400;
  let lastPress = -Infinity;
  let warming = 0;
  const pressedLately = () => performance.now() - lastPress < PRESS_QUIET_MS;

  function warmLinks() {
    const idle = window.requestIdleCallback || ((fn) => setTimeout(fn, 200));
    const round = ++warming;
    idle(() => {
      if (round !== warming) return;
      const seen = new Set();
      // The page's own links first (a card is what a visitor taps next), then the top bar's.
      const links = [...document.querySelectorAll('main a[href]'), ...document.querySelectorAll('header a[href]')];
      for (const link of links) {
        const url = urlOf(link);
        if (!isPage(url) || url.href === location.href || seen.has(url.href)) continue;
        seen.add(url.href);
        fetchPage(url.href);
        if (seen.size >= WARM_LINKS) break;
      }
      // Then, one page per idle moment, make them ready to show (as a browser's prerender would):
      // the tap that follows only swaps the nodes in. Pages no longer linked are let go.
      for (const href of readied.keys()) if (!seen.has(href)) readied.delete(href);
      const queue = Array.from(seen);
      const later = (fn) => idle(() => {
        if (round !== warming) return;
        if (pressedLately()) setTimeout(() => later(fn), PRESS_QUIET_MS);
        else fn();
      });
      // Parsing and sizing are two idle steps, each short enough not to hold up a tap for long.
      const readyNext = () => {
        const href = queue.shift();
        if (!href || !canSwap) return;
        preparePage(href).then((ready) => later(() => { prefitPage(ready); later(readyNext); }), () => later(readyNext));
      };
      later(readyNext);
    });
  }

  // A fetched page made ready to go on screen, off the tap's path: parsed, its later route stages
  // hidden, its stepper built, and its nodes adopted into this document, so that the tap itself
  // only swaps them in (at 4× CPU the parse and adoption cost 30 ms). null: not a kiosk page.
  function readyPage(html) {
    const next = new DOMParser().parseFromString(html, 'text/html');
    if (!next.documentElement.classList.contains('mode-kiosk') || !next.getElementById('main')) return null;
    // Only the first stage of a route is shown: hide the others before they cost a layout.
    for (const later of next.querySelectorAll('.route.has-stages figure.plan[data-stage]:not(:first-of-type)')) {
      later.hidden = true;
    }
    for (const section of next.querySelectorAll('.route')) setUpStepper(section);
    // What lies below the route's first screen is not laid out for the tap's frame (kiosk.css);
    // showPage lets it in once the route has painted.
    next.getElementById('main').classList.add('is-arriving');
    const body = document.createDocumentFragment();
    body.append(...Array.from(next.body.childNodes)); // adopted; its <script> stays inert
    return {
      title: next.title,
      lang: next.documentElement.lang,
      htmlClass: next.documentElement.className,
      bodyClass: next.body.className,
      body,
    };
  }

  // While idle, a ready page is laid out once out of sight, in a box standing where the body's
  // children do, and its plan sized there: the tap then pays for one layout, not a forced one
  // and a second after the heights change (20-30 ms at 4× CPU). Only for the same display
  // settings and screen size as now; otherwise showPage sizes the plan itself.
  function screenKey() {
    return document.documentElement.className + ' ' + window.innerWidth + 'x' + window.innerHeight;
  }
  function prefitPage(ready) {
    if (!ready || ready === UNREACHABLE || ready.fittedFor || ready.htmlClass !== document.documentElement.className) return;
    if (!ready.body.querySelector('.route .plan')) return;
    const box = document.createElement('div');
    box.className = 'page-measure';
    box.setAttribute('aria-hidden', 'true');
    box.appendChild(ready.body);
    document.body.appendChild(box);
    fitPlans(box);
    ready.body.append(...Array.from(box.childNodes));
    box.remove();
    ready.fittedFor = screenKey();
  }

  // Pages made ready, one use each (their nodes move onto the screen), for as long as their HTML is kept.
  const readied = new Map();
  function preparePage(href) {
    const html = fetchPage(href);
    const hit = readied.get(href);
    if (hit && hit.html === html) return hit.ready;
    const ready = html.then((text) => (typeof text === 'string' ? readyPage(text) : text));
    readied.set(href, { html, ready });
    return ready;
  }
  function takePage(href) {
    const ready = preparePage(href);
    readied.delete(href);
    return ready;
  }

  // Put a ready page on screen; false when it is not a kiosk page we can swap in.
  function showPage(href, ready) {
    if (!ready) return false;
    document.dispatchEvent(new CustomEvent('kiosk:leave')); // Read aloud stops with the page (speech.js)
    // The old page goes first, then the classes change: removing the focused link flushes pending
    // style, and a class changed before it would restyle the whole old page for nothing (8-15 ms at 4×).
    document.body.replaceChildren(ready.body);
    document.title = ready.title;
    const root = document.documentElement;
    if (root.lang !== ready.lang) root.lang = ready.lang;
    if (root.className !== ready.htmlClass) root.className = ready.htmlClass;
    if (document.body.className !== ready.bodyClass) document.body.className = ready.bodyClass;
    history.replaceState(null, '', href);
    window.scrollTo(0, 0);
    setUpPage(ready.fittedFor === screenKey());
    loadSpeech();
    onPageShown();
    // Once the new screen has painted and the browser is idle: focus (it costs a style and layout
    // pass of its own), then prefetching.
    const idle = window.requestIdleCallback || ((fn) => setTimeout(fn, 50));
    requestAnimationFrame(() => idle(() => {
      const main = document.getElementById('main');
      if (main) main.classList.remove('is-arriving');
      if (main) main.focus({ preventScroll: true }); // screen readers start at the content
      warmLinks();
    }, { timeout: 500 }));
    return true;
  }

  // A swapped-in page's <script type="module"> stays inert: its Read aloud module is imported here (once).
  function loadSpeech() {
    const button = document.querySelector('[data-speech-button][data-module]');
    if (button && !window.kioskSpeech) import(button.dataset.module).catch(() => { button.hidden = true; });
  }

  const canSwap = Boolean(window.fetch && window.DOMParser && document.body.replaceChildren);

  // This visitor's way through the kiosk, for the Back button; the idle reset clears it.
  const TRAIL = 'kiosk.trail';
  function trail() {
    try { return JSON.parse(sessionStorage.getItem(TRAIL) || '[]'); } catch (e) { return []; }
  }
  function saveTrail(list) {
    try { sessionStorage.setItem(TRAIL, JSON.stringify(list.slice(-30))); } catch (e) { /* private mode */ }
  }

  function go(href, back) {
    const here = location.pathname + location.search;
    const target = new URL(href, location.href);
    if (!back && target.pathname + target.search !== here) saveTrail(trail().concat([here]));
    if (!canSwap) {
      location.replace(href);
      return;
    }
    takePage(href).then((ready) => {
      if (ready === UNREACHABLE) waitFor(href);
      else if (!showPage(href, ready)) location.replace(href);
    });
  }

  // The server is down and no copy answered: say "one moment" on this screen and ask again, rather
  // than navigate to a page the browser would replace with its own error page.
  function waitFor(href) {
    const box = document.getElementById('waiting');
    if (box) box.hidden = false;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => go(href), RETRY_MS);
  }

  // The "one moment" page (from the offline copy) asks for the page it stands in for again.
  function retryLater() {
    clearTimeout(retryTimer);
    const wait = document.querySelector('[data-retry]');
    if (wait && canSwap) retryTimer = setTimeout(() => go(location.href), Number(wait.dataset.retry) * 1000);
  }

  // Keep a copy of every kiosk page (sw.js), so that the screen works while the server is down.
  function keepACopy(config) {
    if (!('serviceWorker' in navigator) || !config || !config.dataset.worker) return;
    navigator.serviceWorker.register(config.dataset.worker, { scope: '/' }).catch(() => {});
  }

  // Every link stays in this window and on this site, and replaces the page instead of adding
  // to history: the next visitor cannot page back through the last one's steps.
  function keepLinksHere() {
    document.addEventListener('click', (event) => {
      const link = event.target.closest('a[href]');
      if (!link || event.defaultPrevented) return;
      const target = urlOf(link);
      event.preventDefault();
      if (target.origin !== location.origin) return;
      if (target.pathname === location.pathname && target.search === location.search && target.hash) {
        location.hash = target.hash;
        return;
      }
      if (isPage(target)) go(target.href);
      else location.replace(target.href);
    });
  }

  // Visible feedback at the moment of touch, not after the page changes.
  function showPresses() {
    let pressed = null;
    const release = () => {
      if (pressed) pressed.classList.remove('is-pressed');
      pressed = null;
    };
    document.addEventListener('pointerdown', (event) => {
      lastPress = performance.now();
      release();
      pressed = event.target.closest('a, button');
      if (pressed) pressed.classList.add('is-pressed');
      const url = pressed && pressed.hasAttribute('href') ? urlOf(pressed) : null;
      if (url && isPage(url) && canSwap) preparePage(url.href);
    });
    for (const name of ['pointerup', 'pointercancel']) {
      document.addEventListener(name, () => setTimeout(release, 120));
    }
  }

  function setUpIdle(config) {
    const idleMs = Number(config.dataset.idle) * 1000;
    const countdownSeconds = Number(config.dataset.countdown);
    const attractMs = Number(config.dataset.attract) * 1000;
    const home = config.dataset.home;
    const health = config.dataset.health;
    // Looked up each time: a page change swaps the body, these with it.
    const overlay = () => document.getElementById('idle');
    const attract = () => document.getElementById('attract');
    const TOUCHED = 'kiosk.touched'; // someone has used the kiosk since the last reset
    const ATTRACTING = 'kiosk.attract'; // the attract screen was showing (survives its refresh)
    let timer = null;
    let ticker = null;

    const store = {
      get: (key) => { try { return sessionStorage.getItem(key); } catch (e) { return null; } },
      set: (key, value) => { try { sessionStorage.setItem(key, value); } catch (e) { /* private mode */ } },
      clear: () => { try { sessionStorage.clear(); } catch (e) { /* private mode */ } },
    };
    const atHome = () => location.pathname + location.search === home;
    const busy = () => (overlay() && !overlay().hidden) || (attract() && !attract().hidden);

    // Go somewhere only when the server answers, so a blip never leaves an error page on screen.
    function whenServerUp(go) {
      // With the offline copy in charge, every page answers, from the server or from the copy.
      if (navigator.serviceWorker && navigator.serviceWorker.controller) {
        go();
        return;
      }
      fetch(health, { cache: 'no-store' })
        .then((response) => (response.ok ? go() : Promise.reject(response.status)))
        .catch(() => { timer = setTimeout(() => whenServerUp(go), 5000); });
    }

    function schedule() {
      clearTimeout(timer);
      if (store.get(TOUCHED) || !atHome()) timer = setTimeout(askStillThere, idleMs);
      else timer = setTimeout(showAttract, attractMs);
    }

    function askStillThere() {
      let left = countdownSeconds;
      const number = () => overlay().querySelector('[data-countdown]');
      number().textContent = String(left);
      overlay().hidden = false;
      overlay().querySelector('[data-continue]').focus();
      ticker = setInterval(() => {
        left -= 1;
        number().textContent = String(Math.max(left, 0));
        if (left <= 0) {
          clearInterval(ticker);
          resetForNextVisitor();
        }
      }, 1000);
    }

    function keepGoing() {
      clearInterval(ticker);
      overlay().hidden = true;
      schedule();
    }

    // Back to the Chinese home page: language, large text, contrast, search and history all go.
    function resetForNextVisitor() {
      document.dispatchEvent(new CustomEvent('kiosk:reset')); // speech stops, its volume goes back
      store.clear();
      whenServerUp(() => location.replace(home));
    }

    // The "open now" panel lists what fits, whole: the spaces and events below its edge are left out.
    function fitAttract() {
      const panel = attract().querySelector('.attract-now');
      if (!panel) return;
      const items = Array.from(panel.querySelectorAll('li'));
      for (const item of items) item.hidden = false;
      const bottom = panel.getBoundingClientRect().bottom - parseFloat(getComputedStyle(panel).paddingBottom);
      for (const item of items) item.hidden = item.getBoundingClientRect().bottom > bottom;
    }

    function showAttract() {
      attract().hidden = false;
      fitAttract();
      store.set(ATTRACTING, '1');
      // Re-render now and then, so "closed, opens at..." and floors.yaml edits stay current.
      timer = setTimeout(() => whenServerUp(() => location.reload()), 10 * 60 * 1000);
    }

    function dismissAttract(event) {
      event.preventDefault();
      event.stopPropagation();
      attract().hidden = true;
      store.set(ATTRACTING, '');
      store.set(TOUCHED, '1');
      schedule();
    }

    document.addEventListener('click', (event) => {
      if (attract() && !attract().hidden && attract().contains(event.target)) dismissAttract(event);
      else if (overlay() && !overlay().hidden) {
        // Any tap means someone is still here: the overlay goes, and the tap does nothing else.
        event.preventDefault();
        event.stopPropagation();
        keepGoing();
      }
    }, true); // capture: the first tap on the attract screen only dismisses it
    onPageShown = schedule;
    for (const name of ['pointerdown', 'keydown', 'wheel']) {
      document.addEventListener(name, () => {
        if (busy()) return;
        store.set(TOUCHED, '1');
        schedule();
      }, { passive: true });
    }
    if (store.get(ATTRACTING) && atHome() && !store.get(TOUCHED)) showAttract();
    else schedule();
  }

  // ---- a static export (`kiosk build`): "open now" worked out here, from the hours.json it carries ----

  function refreshHours() {
    const meta = document.querySelector('meta[name=kiosk-hours]');
    const marked = document.querySelectorAll('[data-hours]');
    // kiosk.css keeps a static page's badges hidden until they are redone here (without JavaScript they
    // would say what was true when the page was built); show them however the redo ends.
    const live = () => document.documentElement.classList.add('hours-live');
    if (!meta || !marked.length || !window.fetch) return live();
    const lang = document.documentElement.lang.split('-')[0]; // zh-CN -> zh; en, ja as they are
    fetch(meta.content)
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((table) => {
        const now = Date.now();
        for (const element of marked) {
          let current = null;
          for (const change of table[element.dataset.hours] || []) {
            if (Date.parse(change.at) > now) break;
            current = change;
          }
          if (!current) continue; // before the build: the page's own words are right
          element.classList.toggle('is-open', current.open);
          element.classList.toggle('is-closed', !current.open);
          if (element.classList.contains('hours')) {
            element.querySelector('.badge').textContent = current.badge[lang];
            element.querySelector('.hours-detail').textContent = current.detail[lang];
            const today = element.parentElement.querySelector('.hours-today');
            if (today) today.textContent = current.today[lang];
          } else {
            element.textContent = current.badge[lang];
            if (element.nextElementSibling) element.nextElementSibling.textContent = current.detail[lang];
          }
        }
      })
      .catch(() => {}) // the page keeps what it said when it was built
      .finally(live);
  }

  // ---- the route on the lobby screen: a stepper through its floors, sized to the screen ----

  const SVG_NS = 'http://www.w3.org/2000/svg';

  // A stage for a ride: the lift or stairs icon, the floor to go to, and the sentence.
  function rideCard(section, item) {
    const figure = document.createElement('figure');
    figure.className = 'plan ride-card';
    figure.dataset.stage = item.dataset.stage;
    const frame = document.createElement('div');
    frame.className = 'plan-frame';
    const sample = section.querySelector('.plan-svg use');
    if (sample) {
      const sprite = sample.getAttribute('href').split('#')[0];
      const svg = document.createElementNS(SVG_NS, 'svg');
      svg.setAttribute('class', 'icon ride-icon');
      svg.setAttribute('aria-hidden', 'true');
      const use = document.createElementNS(SVG_NS, 'use');
      use.setAttribute('href', sprite + '#fac-' + item.dataset.ride);
      svg.appendChild(use);
      frame.appendChild(svg);
    }
    const to = document.createElement('p');
    to.className = 'ride-to';
    to.textContent = item.dataset.rideTo;
    const text = document.createElement('p');
    text.className = 'ride-text';
    text.textContent = item.querySelector('.step-text').textContent;
    frame.append(to, text);
    figure.appendChild(frame);
    return figure;
  }

  function setUpStepper(section) {
    const items = Array.from(section.querySelectorAll('.route-steps li[data-stage]'));
    const stages = Array.from(new Set(items.map((li) => li.dataset.stage)));
    if (stages.length < 2) return;
    const figures = Array.from(section.querySelectorAll('figure.plan[data-stage]'));
    // Ride stages get a card of their own, in route order among the plans.
    for (const item of items) {
      if (!item.dataset.ride || figures.some((f) => f.dataset.stage === item.dataset.stage)) continue;
      const card = rideCard(section, item);
      const after = figures.find((f) => Number(f.dataset.stage) > Number(item.dataset.stage));
      if (after) after.before(card); else section.querySelector('.route-steps').after(card);
      figures.splice(after ? figures.indexOf(after) : figures.length, 0, card);
    }
    const nav = document.createElement('div');
    nav.className = 'route-stepper';
    const button = (label, cls) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'button ' + cls;
      b.textContent = label;
      return b;
    };
    const prev = button(section.dataset.prev, 'stepper-prev');
    const next = button(section.dataset.next, 'stepper-next button-primary');
    const count = document.createElement('p');
    count.className = 'stepper-count';
    count.setAttribute('aria-live', 'polite');
    nav.append(prev, count, next);
    (section.querySelector('.route-total') || section.querySelector('.route-steps')).after(nav);
    let current = 0;
    function show(index) {
      current = Math.max(0, Math.min(stages.length - 1, index));
      const stage = stages[current];
      for (const f of figures) f.hidden = f.dataset.stage !== stage;
      for (const li of items) {
        const on = li.dataset.stage === stage;
        li.classList.toggle('is-current', on);
        if (on) li.setAttribute('aria-current', 'step'); else li.removeAttribute('aria-current');
      }
      count.textContent = section.dataset.stageOf.replace('__n__', current + 1).replace('__count__', stages.length);
      prev.disabled = current === 0;
      next.disabled = current === stages.length - 1;
    }
    const step = (index) => { show(index); fitPlans(); };
    prev.addEventListener('click', () => step(current - 1));
    next.addEventListener('click', () => step(current + 1));
    section.querySelector('.route-steps').addEventListener('click', (event) => {
      const li = event.target.closest('li[data-stage]');
      if (li) step(stages.indexOf(li.dataset.stage));
    });
    section.classList.add('is-stepping');
    show(0);
  }

  // The visible plan fills what is left of the screen above the dock, so the whole route shows.
  // `root`: the screen, or a page being made ready (measured while idle, see prefitPage).
  function fitPlans(root) {
    const scope = root && root.querySelectorAll ? root : document;
    // Read before writing: which plans stand beside the words (landscape), so that portrait pays
    // for one style and layout pass here, not a second one after the heights are set.
    const beside = Array.from(scope.querySelectorAll('.route')).map((section) => {
      const plan = section.querySelector('.plan:not([hidden])');
      return [section, plan && getComputedStyle(plan).position === 'absolute' ? plan : null];
    });
    const dock = scope.querySelector('.dock');
    const bottom = dock ? dock.getBoundingClientRect().top : window.innerHeight;
    for (const frame of scope.querySelectorAll('.route .plan:not([hidden]) .plan-frame')) {
      frame.classList.remove('is-fitted');
      frame.style.removeProperty('height');
      const top = frame.getBoundingClientRect().top + window.scrollY;
      const svg = frame.querySelector('svg');
      const box = svg && svg.viewBox && svg.viewBox.baseVal;
      // no taller than the drawing needs at the frame's width, nor than the screen has left
      // (the whole floor's drawing, even when the plan is framed on its route: see frameOnFocus)
      const whole = svg && svg.dataset.whole ? svg.dataset.whole.split(' ').map(Number) : null;
      const [boxW, boxH] = whole ? [whole[2], whole[3]] : [box && box.width, box && box.height];
      const natural = boxW ? frame.clientWidth * boxH / boxW : Infinity;
      const room = Math.min(bottom - top - 12, natural + 4);
      if (room >= 240) {
        frame.style.height = room + 'px';
        frame.classList.add('is-fitted');
      }
    }
    for (const frame of scope.querySelectorAll('.plan-frame')) {
      const svg = frame.querySelector('svg.plan-svg[data-focus]');
      if (svg && frame.offsetParent !== null) frameOnFocus(frame, svg);
    }
    // Beside the words (landscape), the plan is out of the flow: keep what follows below it.
    for (const [section, plan] of beside) {
      section.style.removeProperty('min-height');
      if (!plan) continue;
      const reach = plan.getBoundingClientRect().bottom - section.getBoundingClientRect().top;
      section.style.minHeight = reach + 'px';
    }
  }

  // Names on a plan must read from a step away (data-min-px CSS px). When the whole floor at the
  // frame's size would draw them smaller (a long, narrow floor in a wide box), show the part the
  // visitor needs: the route with its start and end, or the destination (data-focus, in user
  // units), as large as the names need; a "Whole floor" button shows the rest and comes back.
  function frameOnFocus(frame, svg) {
    const whole = svg.dataset.whole || svg.getAttribute('viewBox');
    svg.dataset.whole = whole;
    const [, , fullW, fullH] = whole.split(' ').map(Number);
    const fitted = frame.classList.contains('is-fitted');
    const width = frame.clientWidth;
    const height = fitted ? frame.clientHeight : width * fullH / fullW;
    // the smallest name drawn (a name may shrink a little, or be a room's number in a crowd)
    const font = Math.min(parseFloat(svg.getAttribute('font-size')), ...Array.from(
      svg.querySelectorAll('.plan-labels text[font-size]'), (t) => parseFloat(t.getAttribute('font-size'))));
    const need = parseFloat(svg.dataset.minPx) / font; // CSS px per user unit the names need
    if (!width || !height || !font) return;
    let button = frame.querySelector('.plan-whole');
    const shown = Math.min(width / fullW, height / fullH);
    if (shown >= need) {
      svg.setAttribute('viewBox', whole);
      if (button) button.remove();
      return;
    }
    const [fx, fy, fw, fh] = svg.dataset.focus.split(' ').map(Number);
    // Only as large as the names need: the visitor keeps as much of the floor around the route as
    // can be read (filling the frame with the focus would hide where it is, and could draw the
    // names on a normal screen larger than large text draws them on the whole floor).
    const scale = need;
    const viewW = width / scale, viewH = height / scale;
    let cx = fx + fw / 2, cy = fy + fh / 2;
    if (svg.dataset.end) { // a focus too large for the frame keeps the route's ends in view, the end first
      const [ex, ey] = svg.dataset.end.split(' ').map(Number);
      const [sx, sy] = (svg.dataset.start || svg.dataset.end).split(' ').map(Number);
      const keep = (c, view, s, e) => {
        const margin = Math.max(0, Math.min(60, (view - Math.abs(s - e)) / 2)); // up to 6 m around both
        const lo = Math.max(s, e) + margin - view / 2, hi = Math.min(s, e) - margin + view / 2;
        if (lo <= hi) return Math.min(Math.max(c, lo), hi);
        return Math.min(Math.max(c, e - view / 2 + 60), e + view / 2 - 60);
      };
      cx = keep(cx, viewW, sx, ex);
      cy = keep(cy, viewH, sy, ey);
    }
    cx = Math.min(Math.max(cx, viewW / 2), Math.max(viewW / 2, fullW - viewW / 2));
    cy = Math.min(Math.max(cy, viewH / 2), Math.max(viewH / 2, fullH - viewH / 2));
    const framed = [cx - viewW / 2, cy - viewH / 2, viewW, viewH].map((v) => v.toFixed(1)).join(' ');
    svg.dataset.framed = framed;
    if (!fitted) frame.style.height = height + 'px';
    frame.style.overflow = 'hidden';
    if (!button) {
      button = document.createElement('button');
      button.type = 'button';
      button.className = 'button plan-whole';
      button.textContent = svg.dataset.wholeLabel || 'Whole floor';
      button.setAttribute('aria-pressed', 'false');
      button.addEventListener('click', () => {
        const toWhole = button.getAttribute('aria-pressed') !== 'true';
        button.setAttribute('aria-pressed', String(toWhole));
        svg.setAttribute('viewBox', toWhole ? svg.dataset.whole : svg.dataset.framed);
      });
      frame.style.position = 'relative';
      frame.appendChild(button);
    }
    svg.setAttribute('viewBox', button.getAttribute('aria-pressed') === 'true' ? whole : framed);
  }

  // A Back button in the top bar of every kiosk page this visitor has come to from another.
  function setUpBack() {
    const bar = document.querySelector('.topbar');
    const config = document.getElementById('kiosk-config');
    if (!bar || !config || bar.querySelector('.topbar-back')) return;
    const steps = trail();
    if (!steps.length) return;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'button topbar-back';
    button.textContent = '‹ ' + config.dataset.back;
    button.addEventListener('click', () => {
      const list = trail();
      const previous = list.pop();
      saveTrail(list);
      if (previous) go(previous, true);
    });
    bar.insertBefore(button, bar.firstChild);
  }

  // Home: every floor above the dock. Rows lose their list of spaces, then shrink to 60 px,
  // before anything is left to scroll to; the kiosk's own floor is kept in view.
  function fitFloors() {
    const stack = document.querySelector('.floor-stack');
    const dock = document.querySelector('.dock');
    if (!stack || !dock) return;
    stack.classList.remove('is-compact', 'is-fitted');
    const style = getComputedStyle(stack);
    const gap = parseFloat(style.rowGap) || 0;
    const frame = parseFloat(style.paddingBottom) + parseFloat(style.borderBottomWidth);
    const rows = stack.children.length;
    const room = dock.getBoundingClientRect().top - stack.getBoundingClientRect().top - 16;
    if (stack.getBoundingClientRect().height <= room) return;
    stack.classList.add('is-compact');
    const each = Math.max(60, Math.floor((room - frame - gap * (rows - 1)) / rows));
    for (const button of stack.querySelectorAll('.floor-button')) button.style.minHeight = each + 'px';
    const here = stack.querySelector('.is-here');
    // In low reach the page scrolls inside the band, never the window, and the dock may
    // stand beside the top bar rather than below the page: the page's own edge is what counts.
    if (here && document.documentElement.classList.contains('reach-low')) {
      here.scrollIntoView({ block: 'nearest' });
    } else if (here && here.getBoundingClientRect().bottom > dock.getBoundingClientRect().top) {
      window.scrollBy(0, here.getBoundingClientRect().bottom - dock.getBoundingClientRect().top + 16);
    }
  }

  // The layout page on the lobby screen: every floor in view, nothing cut in half. Each floor keeps
  // its spaces to one line, whole (kiosk.css clips the ones that wrap), and "+N" counts the clipped
  // ones with those the server left out. A name may take two lines. A row too low for its name and
  // its spaces (many floors in large text) shows its name only, as the home screen's floor buttons
  // do; when even that is too much, the name keeps to one line, ending in "…".
  function fitLayoutRows() {
    const section = document.querySelector('html.mode-kiosk .page-layout .section');
    if (!section) return;
    for (const body of section.querySelectorAll('.section-body')) {
      body.classList.remove('is-tight', 'is-tighter');
      for (const level of ['is-tight', 'is-tighter']) {
        if (body.scrollHeight > body.clientHeight + 1) body.classList.add(level);
      }
    }
    for (const line of section.querySelectorAll('.section-spaces')) {
      const more = line.nextElementSibling;
      const chips = Array.from(line.children);
      const top = chips.length ? chips[0].offsetTop : 0;
      const clipped = chips.filter((chip) => chip.offsetTop > top).length;
      const total = clipped + Number(more.dataset.more || 0);
      more.textContent = '+' + total;
      more.hidden = total === 0;
    }
  }

  // A floor's plan full screen is wider than a phone: open it with "you are here" in the middle of
  // the screen, not at the plan's left edge where it may be out of sight (without JS: the left edge).
  function showWhereYouAre(frame) {
    const here = frame.querySelector('.plan-here');
    if (!here || frame.scrollWidth <= frame.clientWidth) return;
    const box = here.getBoundingClientRect();
    const view = frame.getBoundingClientRect();
    frame.scrollLeft += box.left + box.width / 2 - (view.left + view.width / 2);
  }

  // ---- phones: the full-screen plan zooms by tap too (pinch works without us) ----
  // Large − and + buttons, and a double tap zooms in at that point (at the largest, back out).
  // The plan opens at 1× (names ≥ 12 px); each step is 1.5×, up to 4×.
  const ZOOM_STEP = 1.5, ZOOM_MAX = 4, DOUBLE_TAP_MS = 350;

  function setUpPlanZoom(figure) {
    const svg = figure.querySelector('.plan-svg');
    if (!svg || figure.querySelector('.plan-zoom')) return;
    let scale = 1;
    let base = 0;
    // Zoom by `factor`, keeping the plan's point under (x, y) (viewport px) where it is.
    function zoomAt(factor, x, y) {
      const next = Math.max(1, Math.min(ZOOM_MAX, scale * factor));
      if (next === scale) return;
      const box = svg.getBoundingClientRect();
      if (!base) base = box.width / scale;
      const k = next / scale;
      scale = next;
      svg.style.width = svg.style.minWidth = base * scale + 'px';
      figure.scrollLeft += (x - box.left) * (k - 1);
      figure.scrollTop += (y - box.top) * (k - 1);
      out.disabled = scale === 1;
      inn.disabled = scale === ZOOM_MAX;
    }
    // The buttons zoom about the middle of what is seen of the plan (not of the screen below it).
    const centre = () => {
      const view = figure.getBoundingClientRect();
      const box = svg.getBoundingClientRect();
      const left = Math.max(view.left, box.left), right = Math.min(view.right, box.right);
      const top = Math.max(view.top, box.top), bottom = Math.min(view.bottom, box.bottom);
      return [(left + right) / 2, (top + bottom) / 2];
    };
    const button = (label, text, cls) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'button ' + cls;
      b.setAttribute('aria-label', label);
      b.textContent = text;
      return b;
    };
    const bar = document.createElement('div');
    bar.className = 'plan-zoom';
    const out = button(figure.dataset.zoomOut, '−', 'plan-zoom-out');
    const inn = button(figure.dataset.zoomIn, '+', 'plan-zoom-in');
    out.disabled = true;
    out.addEventListener('click', () => zoomAt(1 / ZOOM_STEP, ...centre()));
    inn.addEventListener('click', () => zoomAt(ZOOM_STEP, ...centre()));
    bar.append(out, inn);
    figure.appendChild(bar);
    // Opened full screen, the plan is wider than the phone: bring the route (or the destination) to the middle.
    const showRoute = () => {
      const focus = svg.querySelector('.plan-route') || svg.querySelector('.is-target');
      if (!focus || !figure.matches(':target')) return;
      const r = focus.getBoundingClientRect(), view = figure.getBoundingClientRect();
      figure.scrollLeft += r.left + r.width / 2 - (view.left + view.width / 2);
      figure.scrollTop += r.top + r.height / 2 - (view.top + view.height / 2);
    };
    window.addEventListener('hashchange', showRoute);
    showRoute();
    let last = null;
    svg.addEventListener('click', (event) => {
      if (!figure.matches(':target') || event.target.closest('a')) return; // a room's name opens its page
      const now = event.timeStamp;
      const near = last && Math.hypot(event.clientX - last.x, event.clientY - last.y) < 40;
      if (last && now - last.at < DOUBLE_TAP_MS && near) {
        zoomAt(scale >= ZOOM_MAX ? 1 / scale : ZOOM_STEP, event.clientX, event.clientY);
        last = null;
      } else {
        last = { at: now, x: event.clientX, y: event.clientY };
      }
    });
  }

  // The report form on the lobby screen: the on-screen keyboard types into the field last tapped.
  function setUpReportKeys(form) {
    const keyboard = form.querySelector('.report-keyboard');
    if (!keyboard) return;
    keyboard.hidden = false;
    let field = form.querySelector('textarea');
    for (const each of form.querySelectorAll('textarea, input:not([type=hidden]):not([type=radio])')) {
      each.addEventListener('focus', () => { field = each; });
    }
    keyboard.addEventListener('click', (event) => {
      const key = event.target.closest('[data-key]');
      if (!key || !field) return;
      const name = key.dataset.key;
      const limit = Number(field.getAttribute('maxlength')) || 500;
      if (name === 'backspace') field.value = field.value.slice(0, -1);
      else if (name === 'clear') field.value = '';
      else if (field.value.length < limit) field.value += name === 'space' ? ' ' : name;
    });
  }

  // What each page needs, on load and after every swap (`fitted`: its plans are sized already).
  // The page ends above the dock, however tall large text or a third language makes it: the CSS guess
  // (kiosk.css) is replaced by the dock's own height, so the last notice or legend row is never under it.
  function reserveDock() {
    const dock = document.querySelector('.dock');
    if (!dock) return;
    const height = Math.ceil(dock.getBoundingClientRect().height);
    document.documentElement.style.setProperty('--dock-reserve', height + 'px');
  }

  function setUpPage(fitted) {
    const report = document.querySelector('.report-form');
    if (report) setUpReportKeys(report);
    const form = document.querySelector('.search-form');
    if (form && window.fetch && 'content' in document.createElement('template')) setUpSearch(form);
    if (form && form.dataset.beacon) countSearches(form);
    if (!document.documentElement.classList.contains('mode-kiosk')) {
      for (const figure of document.querySelectorAll('.route figure.plan[data-zoom-in]')) setUpPlanZoom(figure);
      for (const frame of document.querySelectorAll('.full-plan')) showWhereYouAre(frame);
      return;
    }
    retryLater();
    setUpBack();
    reserveDock();
    for (const section of document.querySelectorAll('.route:not(.is-stepping)')) setUpStepper(section);
    if (!fitted) fitPlans();
    fitFloors();
    fitLayoutRows();
  }

  function start() {
    setUpPage();
    refreshHours();
    if (document.querySelector('meta[name=kiosk-hours]')) setInterval(refreshHours, 60 * 1000);
    if (!document.documentElement.classList.contains('mode-kiosk')) return;
    restrictGestures();
    showPresses();
    window.addEventListener('resize', () => { reserveDock(); fitPlans(); fitLayoutRows(); });
    const config = document.getElementById('kiosk-config');
    if (config) setUpIdle(config);
    keepACopy(config);
    keepLinksHere();
    // Prefetch only once someone is here: an unattended kiosk stays quiet.
    if (canSwap) document.addEventListener('pointerdown', warmLinks, { once: true, passive: true });
  }

  start();
})();
