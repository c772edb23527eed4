// The plan editor: plain SVG in metres (x east, y south, as floors.yaml), no library.
// The page holds the floor as JSON; every change is a snapshot on the undo stack; a save posts the
// whole floor with the version the editor opened, and the server refuses rather than overwrite.
const NS = "http://www.w3.org/2000/svg";
const GRID = 0.05; // m: corners land on a 5 cm grid unless they snap to a wall or corner
const SNAP_PX = 10; // screen pixels within which a corner snaps to another room's corner or wall
const root = document.getElementById("plan-editor");
const svg = document.getElementById("pe-canvas");
const hint = document.getElementById("pe-hint");
const statusLine = document.getElementById("pe-status");
const panel = document.getElementById("pe-selection");
const problemList = document.getElementById("pe-problems");
const kindSelect = document.getElementById("pe-kind");
let model = JSON.parse(document.getElementById("pe-model").textContent);
const L = (key) => model.labels[key] || [key, key];
const langs = model.languages;
let version = root.dataset.version;
let state = freshState(model);
let undo = [], redo = [];
let tool = "select", selected = null, drawing = [], cursor = null, drag = null, problems = [];
let dirty = false, counter = 1, snapMark = null, scalePoints = [];
let view = fitView();

function freshState(m) {
  return {
    rooms: m.rooms.map((r) => ({ ...r, shape: r.shape && r.shape.map((p) => [...p]) })),
    facilities: m.facilities.map((f) => ({ ...f })),
    kiosks: m.kiosks.map((k) => ({ ...k })),
    drawing: m.drawing ? { ...m.drawing, placement: m.drawing.placement && { ...m.drawing.placement } } : null,
  };
}

// --- geometry ---------------------------------------------------------------------------
const round = (v) => Math.round(v / GRID) * GRID;
const fix = (v) => Math.round(v * 100) / 100;
const dist = (a, b) => Math.hypot(a[0] - b[0], a[1] - b[1]);
function project(p, a, b) {
  const dx = b[0] - a[0], dy = b[1] - a[1], len = dx * dx + dy * dy;
  const t = len ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len)) : 0;
  return [a[0] + t * dx, a[1] + t * dy];
}
function edges(shape) { return shape.map((p, i) => [p, shape[(i + 1) % shape.length]]); }
function centre(shape) {
  const xs = shape.map((p) => p[0]), ys = shape.map((p) => p[1]);
  return [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2];
}
function insidePoly(p, shape) {
  let inside = false;
  for (let i = 0, j = shape.length - 1; i < shape.length; j = i++) {
    const [xi, yi] = shape[i], [xj, yj] = shape[j];
    if ((yi > p[1]) !== (yj > p[1]) && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
const tolerance = () => (SNAP_PX * view.w) / Math.max(1, svg.clientWidth);

function outlines(except) {
  const all = [model.floor.shell, ...model.floor.holes, ...model.facility_rooms.map((r) => r.shape)];
  state.rooms.forEach((r, i) => { if (i !== except && r.shape) all.push(r.shape); });
  return all;
}
// The nearest other corner, else the nearest other wall, within the tolerance; else the 5 cm grid.
function snap(p, except = -1) {
  const tol = tolerance();
  let best = null, bestD = tol;
  for (const shape of outlines(except)) for (const c of shape) {
    const d = dist(p, c);
    if (d <= bestD) { best = c; bestD = d; }
  }
  if (best) { snapMark = [...best]; return [...best]; }
  bestD = tol;
  for (const shape of outlines(except)) for (const [a, b] of edges(shape)) {
    const q = project(p, a, b), d = dist(p, q);
    if (d <= bestD) { best = q; bestD = d; }
  }
  if (best) { snapMark = best.map(fix); return best.map(fix); }
  snapMark = null;
  return [fix(round(p[0])), fix(round(p[1]))];
}
function toPlan(event) {
  const pt = svg.createSVGPoint();
  pt.x = event.clientX; pt.y = event.clientY;
  const m = svg.getScreenCTM().inverse();
  const q = pt.matrixTransform(m);
  return [q.x, q.y];
}

// --- view -------------------------------------------------------------------------------
function fitView() {
  const [w, d] = model.floor.size, pad = Math.max(w, d) * 0.04;
  return { x: -pad, y: -pad, w: w + 2 * pad, h: d + 2 * pad };
}
function zoom(factor, at) {
  const c = at || [view.x + view.w / 2, view.y + view.h / 2];
  const w = Math.min(Math.max(view.w * factor, 1), model.floor.size[0] * 20);
  const k = w / view.w;
  view = { x: c[0] - (c[0] - view.x) * k, y: c[1] - (c[1] - view.y) * k, w, h: view.h * k };
  fillLinks();
render();
}
function pan(dx, dy) { view.x += dx; view.y += dy; render(); }

// --- history ----------------------------------------------------------------------------
const snapshot = () => JSON.stringify({ rooms: state.rooms, facilities: state.facilities, kiosks: state.kiosks });
function restore(text) { Object.assign(state, JSON.parse(text)); }
function remember(before) {
  if (before === snapshot()) return;
  undo.push(before); redo = []; dirty = true;
  if (undo.length > 200) undo.shift();
}
function change(fn) { const before = snapshot(); fn(); remember(before); render(); }
function doUndo() { if (!undo.length) return; redo.push(snapshot()); restore(undo.pop()); selected = null; dirty = true; render(); }
function doRedo() { if (!redo.length) return; undo.push(snapshot()); restore(redo.pop()); selected = null; dirty = true; render(); }

// --- drawing the SVG ----------------------------------------------------------------------
function el(tag, attrs, parent = svg) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, v);
  parent.appendChild(node);
  return node;
}
const pts = (shape) => shape.map((p) => p.join(",")).join(" ");
function nameOf(room) {
  const n = room.new ? room.new.names : room.name || {};
  return n[langs[0]] || n[langs[1]] || room.id;
}
function render() {
  svg.setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`);
  svg.replaceChildren();
  const px = view.w / Math.max(1, svg.clientWidth); // one screen pixel, in metres
  const d = state.drawing;
  if (d && d.placement && d.width) {
    const p = d.placement;
    el("image", { href: d.url, x: p.x, y: p.y, width: d.width * p.metres_per_pixel, height: d.height * p.metres_per_pixel,
      class: "pe-drawing", preserveAspectRatio: "none" });
  }
  el("path", { d: [model.floor.shell, ...model.floor.holes].map((s) => "M" + pts(s) + "Z").join(" "), class: "pe-floor",
    "fill-rule": "evenodd", "stroke-width": 2 * px });
  for (const c of model.floor.corridors) el("polyline", { points: pts(c), class: "pe-corridor", "stroke-width": 3 * px });
  for (const r of model.facility_rooms) el("polygon", { points: pts(r.shape), class: "pe-facility-room", "stroke-width": px });
  const bad = new Set(problems.flatMap((p) => [p.id, ...(p.also || [])].map((id) => p.section + ":" + id)));
  state.rooms.forEach((room, i) => drawRoom(room, i, px, bad));
  state.facilities.forEach((f, i) => drawFacility(f, i, px, bad));
  state.kiosks.forEach((k, i) => drawKiosk(k, i, px, bad));
  drawSelection(px);
  drawInProgress(px);
  drawProblems(px);
  if (snapMark && (drag || drawing.length || tool === "room" || tool === "rect")) el("circle", { cx: snapMark[0], cy: snapMark[1], r: 6 * px, class: "pe-snap", "stroke-width": 2 * px });
  renderPanel();
  renderStatus();
}
function drawRoom(room, i, px, bad) {
  if (!room.shape) return;
  const isSel = selected && selected.type === "room" && selected.index === i;
  const cls = ["pe-room", room.walkable ? "pe-walkable" : "", isSel ? "pe-selected" : "", bad.has("spaces:" + room.id) ? "pe-bad" : ""].join(" ");
  el("polygon", { points: pts(room.shape), class: cls, "stroke-width": (isSel ? 3 : 1.5) * px, "data-room": i });
  const c = centre(room.shape), name = nameOf(room);
  const xs = room.shape.map((p) => p[0]), width = Math.max(...xs) - Math.min(...xs);
  const size = Math.min(13 * px, (0.9 * width) / Math.max(1, [...name].length)); // a narrow room: smaller, never spilling over
  if (size < 5 * px) return drawDoor(room, px); // too small to read at this zoom: zoom in to see it
  const t = el("text", { x: c[0], y: c[1], class: "pe-label", "font-size": size, "text-anchor": "middle", "dominant-baseline": "middle" });
  t.textContent = name;
  drawDoor(room, px);
}
function drawDoor(room, px) {
  if (room.door) el("rect", { x: room.door[0] - 4 * px, y: room.door[1] - 4 * px, width: 8 * px, height: 8 * px, class: "pe-door", "stroke-width": px });
}
function drawFacility(f, i, px, bad) {
  if (!f.at) return;
  const isSel = selected && selected.type === "facility" && selected.index === i;
  const g = el("g", { class: "pe-facility" + (isSel ? " pe-selected" : "") + (bad.has("facilities:" + f.id) ? " pe-bad" : ""), "data-facility": i });
  el("circle", { cx: f.at[0], cy: f.at[1], r: 9 * px, "stroke-width": (isSel ? 3 : 1.5) * px }, g);
  const t = el("text", { x: f.at[0], y: f.at[1], "font-size": 10 * px, "text-anchor": "middle", "dominant-baseline": "central" }, g);
  t.textContent = kindLetter(f.kind);
}
function kindLetter(kind) {
  const k = model.kinds.find((x) => x.id === kind);
  return ((k && k.name[langs[0]]) || kind).slice(0, 1);
}
function drawKiosk(k, i, px, bad) {
  if (!k.at) return;
  const isSel = selected && selected.type === "kiosk" && selected.index === i;
  const a = ((k.facing || 0) * Math.PI) / 180, s = 14 * px;
  const tip = [k.at[0] + Math.sin(a) * s * 1.6, k.at[1] - Math.cos(a) * s * 1.6];
  const g = el("g", { class: "pe-kiosk" + (isSel ? " pe-selected" : "") + (bad.has("kiosks:" + k.id) ? " pe-bad" : ""), "data-kiosk": i });
  el("line", { x1: k.at[0], y1: k.at[1], x2: tip[0], y2: tip[1], "stroke-width": 3 * px }, g);
  el("rect", { x: k.at[0] - s / 2, y: k.at[1] - s / 2, width: s, height: s, "stroke-width": (isSel ? 3 : 1.5) * px }, g);
}
function drawSelection(px) {
  if (!selected || selected.type !== "room") return;
  const room = state.rooms[selected.index];
  if (!room || !room.shape) return;
  room.shape.forEach((p, c) => el("rect", { x: p[0] - 5 * px, y: p[1] - 5 * px, width: 10 * px, height: 10 * px, class: "pe-handle", "data-corner": c, "stroke-width": px }));
  edges(room.shape).forEach(([a, b], e) => el("circle", { cx: (a[0] + b[0]) / 2, cy: (a[1] + b[1]) / 2, r: 4 * px, class: "pe-midpoint", "data-edge": e, "stroke-width": px }));
}
function drawInProgress(px) {
  if (tool === "room" && drawing.length) {
    const line = cursor ? [...drawing, cursor] : drawing;
    el("polyline", { points: pts(line), class: "pe-rubber", "stroke-width": 2 * px });
    drawing.forEach((p) => el("circle", { cx: p[0], cy: p[1], r: 4 * px, class: "pe-handle", "stroke-width": px }));
  }
  if (drag && drag.kind === "rect" && drag.to) el("polygon", { points: pts(rectangle(drag.from, drag.to)), class: "pe-rubber", "stroke-width": 2 * px });
  if (tool === "scale") scalePoints.forEach((p) => el("circle", { cx: p[0], cy: p[1], r: 5 * px, class: "pe-scale-point", "stroke-width": 2 * px }));
}
function drawProblems(px) {
  for (const p of problems) {
    const at = whereIs(p);
    if (!at) continue;
    const g = el("g", { class: "pe-problem-mark" });
    el("circle", { cx: at[0], cy: at[1] - 20 * px, r: 10 * px }, g);
    const t = el("text", { x: at[0], y: at[1] - 20 * px, "font-size": 14 * px, "text-anchor": "middle", "dominant-baseline": "central" }, g);
    t.textContent = "!";
  }
}
function whereIs(problem) {
  if (problem.section === "spaces") { const r = state.rooms.find((x) => x.id === problem.id); return r && r.shape && centre(r.shape); }
  if (problem.section === "facilities") { const f = state.facilities.find((x) => x.id === problem.id); return f && f.at; }
  if (problem.section === "kiosks") { const k = state.kiosks.find((x) => x.id === problem.id); return k && k.at; }
  return null;
}
function rectangle(a, b) {
  const x0 = Math.min(a[0], b[0]), x1 = Math.max(a[0], b[0]), y0 = Math.min(a[1], b[1]), y1 = Math.max(a[1], b[1]);
  return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
}

// --- the side panel -----------------------------------------------------------------------
function bi(key, tag = "span") {
  const [zh, en] = L(key), node = document.createElement(tag);
  node.className = "bi";
  node.innerHTML = "";
  const a = document.createElement("span"); a.className = "zh"; a.textContent = zh;
  const b = document.createElement("span"); b.className = "en"; b.lang = "en"; b.textContent = en;
  node.append(a, " ", b);
  return node;
}
function field(labelNode, input) {
  const label = document.createElement("label");
  label.append(labelNode, input);
  return label;
}
function renderPanel() {
  panel.replaceChildren();
  document.getElementById("pe-palette").hidden = tool !== "facility";
  if (!selected) { panel.hidden = true; return; }
  panel.hidden = false;
  if (selected.type === "room") roomPanel(state.rooms[selected.index]);
  else if (selected.type === "kiosk") kioskPanel(state.kiosks[selected.index]);
  else if (selected.type === "facility") {
    const f = state.facilities[selected.index], h = document.createElement("h2");
    h.textContent = `${kindName(f.kind)} · ${f.id}`;
    panel.append(h);
  }
}
function kindName(id) { const k = model.kinds.find((x) => x.id === id); return k ? `${k.name[langs[0]]} ${k.name[langs[1]] || ""}` : id; }
function roomPanel(room) {
  if (!room.new && !room.unassigned) {
    const h = document.createElement("h2");
    h.append(bi("pe_this_room"));
    panel.append(h);
    const p = document.createElement("p");
    p.className = "big"; p.textContent = langs.map((l) => (room.name || {})[l]).filter(Boolean).join(" · ") + ` (${room.id})`;
    panel.append(p);
    return;
  }
  const choose = document.createElement("select");
  choose.id = "pe-space";
  const placed = new Set(state.rooms.filter((r) => r !== room).map((r) => r.id));
  const options = [["", L("pe_pick").join(" ")], ...model.rooms.filter((r) => !placed.has(r.id) && !r.shape).map((r) => [r.id, langs.map((l) => r.name[l]).filter(Boolean).join(" · ")]), ["__new", L("pe_new_space").join(" / ")]];
  for (const [value, text] of options) { const o = document.createElement("option"); o.value = value; o.textContent = text; choose.append(o); }
  choose.value = room.new ? "__new" : "";
  choose.addEventListener("change", () => change(() => assign(room, choose.value)));
  panel.append(field(bi("pe_this_room"), choose));
  if (room.new) newSpaceFields(room);
}
function assign(room, value) {
  if (value === "__new") { room.new = room.new || { names: {}, category: model.categories[0].id }; room.unassigned = true; return; }
  if (!value) return;
  const known = model.rooms.find((r) => r.id === value);
  room.id = value; room.name = known.name; delete room.new; delete room.unassigned;
}
function newSpaceFields(room) {
  for (const lang of langs) {
    const input = document.createElement("input");
    input.name = "name." + lang; input.lang = lang; input.required = true;
    input.value = room.new.names[lang] || "";
    input.addEventListener("change", () => change(() => { room.new.names[lang] = input.value.trim(); })); 
    const label = document.createElement("span");
    label.append(bi("pe_name"), ` (${lang})`);
    panel.append(field(label, input));
  }
  const cat = document.createElement("select");
  cat.name = "category";
  for (const c of model.categories) { const o = document.createElement("option"); o.value = c.id; o.textContent = langs.slice(0, 2).map((l) => c.name[l]).join(" "); cat.append(o); }
  cat.value = room.new.category;
  cat.addEventListener("change", () => change(() => { room.new.category = cat.value; }));
  panel.append(field(bi("pe_category"), cat));
}
function kioskPanel(k) {
  const h = document.createElement("h2"); h.append(bi("pe_kiosk"), ` · ${k.id}`);
  const row = document.createElement("p"); row.className = "pe-row";
  const left = document.createElement("button"); left.type = "button"; left.append(bi("pe_turn_left"), " [");
  const right = document.createElement("button"); right.type = "button"; right.append(bi("pe_turn_right"), " ]");
  left.addEventListener("click", () => turn(-15)); right.addEventListener("click", () => turn(15));
  const facing = document.createElement("span"); facing.append(bi("pe_facing"), ` ${Math.round(k.facing)}°`);
  row.append(left, right, facing);
  panel.append(h, row);
}
function turn(step) {
  if (!selected || selected.type !== "kiosk") { const i = state.kiosks.findIndex((k) => k.at); if (i < 0) return; selected = { type: "kiosk", index: i }; }
  change(() => { const k = state.kiosks[selected.index]; k.facing = (((k.facing || 0) + step) % 360 + 360) % 360; });
}
function renderStatus() {
  if (dirty && !statusLine.dataset.sticky) statusLine.replaceChildren(bi("pe_unsaved"));
  hint.replaceChildren(bi({ select: "pe_hint_select", room: "pe_hint_room", rect: "pe_hint_rect", door: "pe_hint_door", facility: "pe_hint_facility",
    kiosk: "pe_hint_kiosk", pan: "pe_hint_pan", scale: "pe_hint_scale", "move-drawing": "pe_hint_move" }[tool]));
  for (const b of document.querySelectorAll(".pe-tool")) b.setAttribute("aria-pressed", String(b.dataset.tool === tool));
  document.querySelector("[data-act=undo]").disabled = !undo.length;
  document.querySelector("[data-act=redo]").disabled = !redo.length;
}
function say(key, cls, extra = "") {
  statusLine.replaceChildren(bi(key));
  if (extra) statusLine.append(" ", extra);
  statusLine.className = "pe-status " + cls;
  statusLine.dataset.sticky = "1";
  setTimeout(() => { delete statusLine.dataset.sticky; }, 4000);
}
function showProblems() {
  problemList.replaceChildren();
  if (!problems.length) { const li = document.createElement("li"); li.className = "muted"; li.append(bi("pe_no_problems")); problemList.append(li); return; }
  for (const p of problems) {
    const li = document.createElement("li");
    li.className = "pe-problem"; li.dataset.id = p.id;
    li.textContent = `${p.id ? p.id + ": " : ""}${p.message} (floors.yaml:${p.line})`;
    li.addEventListener("click", () => { selectById(p); render(); });
    problemList.append(li);
  }
}
function selectById(p) {
  const lists = { spaces: ["room", state.rooms], facilities: ["facility", state.facilities], kiosks: ["kiosk", state.kiosks] };
  const found = lists[p.section];
  if (!found) return;
  const index = found[1].findIndex((x) => x.id === p.id);
  if (index >= 0) selected = { type: found[0], index };
}

// --- pointer ----------------------------------------------------------------------------
function hitRoom(p) {
  for (let i = state.rooms.length - 1; i >= 0; i--) if (state.rooms[i].shape && insidePoly(p, state.rooms[i].shape)) return i;
  return -1;
}
function hitMarker(p, list) {
  const tol = tolerance() * 1.5;
  return list.findIndex((x) => x.at && dist(p, x.at) <= tol);
}
function nearestWall(p) {
  let best = null, bestD = tolerance() * 2;
  state.rooms.forEach((room, i) => room.shape && edges(room.shape).forEach(([a, b]) => {
    const q = project(p, a, b), d = dist(p, q);
    if (d <= bestD) { best = { index: i, at: q.map(fix) }; bestD = d; }
  }));
  return best;
}
// Two fingers on a tablet: pinch to zoom and move together to pan (whatever tool is on).
const touches = new Map();
let pinch = null;
function pinchState() {
  const [a, b] = [...touches.values()];
  return { gap: Math.hypot(a[0] - b[0], a[1] - b[1]), mid: [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], view: { ...view } };
}
svg.addEventListener("pointerdown", (event) => {
  if (event.pointerType === "touch") {
    touches.set(event.pointerId, [event.clientX, event.clientY]);
    if (touches.size === 2) {
      if (drag && drag.before) restore(drag.before); // the first finger's drag was the start of a pinch
      drag = null; pinch = pinchState(); render(); return;
    }
  }
  svg.focus();
  const p = toPlan(event);
  if (event.button === 1 || tool === "pan" || (event.button === 0 && spaceHeld)) { drag = { kind: "pan", last: [event.clientX, event.clientY] }; svg.setPointerCapture(event.pointerId); return; }
  if (event.button !== 0) return;
  svg.setPointerCapture(event.pointerId);
  const handlers = { select: pressSelect, room: pressRoom, rect: () => { drag = { kind: "rect", from: snap(p), before: snapshot() }; },
    door: pressDoor, facility: pressFacility, kiosk: pressKiosk, scale: pressScale, "move-drawing": () => state.drawing && (drag = { kind: "drawing", from: p, start: { ...state.drawing.placement } }) };
  handlers[tool](p, event);
  fillLinks();
render();
});
function pressSelect(p, event) {
  const target = event.target;
  if (target.dataset.corner !== undefined && selected) { drag = { kind: "corner", corner: +target.dataset.corner, before: snapshot() }; return; }
  if (target.dataset.edge !== undefined && selected) {
    const before = snapshot(), room = state.rooms[selected.index], e = +target.dataset.edge;
    room.shape.splice(e + 1, 0, snap(p, selected.index));
    drag = { kind: "corner", corner: e + 1, before }; return;
  }
  const k = hitMarker(p, state.kiosks);
  if (k >= 0) { selected = { type: "kiosk", index: k }; drag = { kind: "marker", list: "kiosks", before: snapshot() }; return; }
  const f = hitMarker(p, state.facilities);
  if (f >= 0) { selected = { type: "facility", index: f }; drag = { kind: "marker", list: "facilities", before: snapshot() }; return; }
  const r = hitRoom(p);
  selected = r >= 0 ? { type: "room", index: r } : null;
  if (r >= 0) drag = { kind: "room", from: p, start: JSON.stringify(state.rooms[r]), before: snapshot() };
}
function pressRoom(p) {
  const q = snap(p);
  if (drawing.length >= 3 && dist(q, drawing[0]) <= tolerance()) { finishRoom(); return; }
  drawing.push(q);
}
function finishRoom() {
  if (drawing.length < 3) { drawing = []; return; }
  const shape = drawing; drawing = [];
  addRoom(shape);
}
function addRoom(shape) {
  change(() => {
    state.rooms.push({ id: `new-room-${counter++}`, name: {}, shape, door: null, walkable: false, unassigned: true, new: { names: {}, category: model.categories[0].id } });
    selected = { type: "room", index: state.rooms.length - 1 };
  });
  setTool("select");
}
function pressDoor(p) {
  const wall = nearestWall(p);
  if (!wall) return;
  change(() => { state.rooms[wall.index].door = wall.at; selected = { type: "room", index: wall.index }; });
}
function pressFacility(p) {
  const kind = kindSelect.value, link = linkSelect.value;
  if (link) {
    const known = model.linkable.find((x) => x.id === link);
    change(() => {
      state.facilities.push({ id: link, kind: known.kind, at: snap(p), link: true, floors: [...known.floors, model.floor.id] });
      selected = { type: "facility", index: state.facilities.length - 1 };
    });
    fillLinks();
    return;
  }
  change(() => {
    state.facilities.push({ id: `${kind}-${model.floor.id}-${counter++}`, kind, at: snap(p), new: true, floors: [model.floor.id] });
    selected = { type: "facility", index: state.facilities.length - 1 };
  });
}
function pressKiosk(p) {
  const i = selected && selected.type === "kiosk" ? selected.index : 0;
  if (!state.kiosks.length) { say("pe_no_kiosk", "bad"); return; }
  change(() => { state.kiosks[i].at = snap(p); selected = { type: "kiosk", index: i }; });
}
function pressScale(p) {
  if (!state.drawing) return;
  scalePoints = scalePoints.length >= 2 ? [p] : [...scalePoints, p];
  const form = document.getElementById("pe-distance");
  form.hidden = scalePoints.length < 2;
  if (!form.hidden) document.getElementById("pe-metres").focus();
}
let spaceHeld = false;
svg.addEventListener("pointermove", (event) => {
  if (touches.has(event.pointerId)) touches.set(event.pointerId, [event.clientX, event.clientY]);
  if (pinch && touches.size === 2) {
    const now = pinchState(), k = pinch.gap / Math.max(1, now.gap), scale = pinch.view.w / svg.clientWidth;
    const w = Math.min(Math.max(pinch.view.w * k, 1), model.floor.size[0] * 20), f = w / pinch.view.w;
    const rect = svg.getBoundingClientRect();
    const at = [pinch.view.x + (pinch.mid[0] - rect.left) * scale, pinch.view.y + (pinch.mid[1] - rect.top) * scale];
    view = { x: at[0] - (at[0] - pinch.view.x) * f - (now.mid[0] - pinch.mid[0]) * scale * f,
      y: at[1] - (at[1] - pinch.view.y) * f - (now.mid[1] - pinch.mid[1]) * scale * f, w, h: pinch.view.h * f };
    render(); return;
  }
  const p = toPlan(event);
  if (!drag) {
    if (tool === "room" || tool === "rect") { cursor = snap(p); render(); }
    return;
  }
  if (drag.kind === "pan") {
    const k = view.w / svg.clientWidth;
    view.x -= (event.clientX - drag.last[0]) * k; view.y -= (event.clientY - drag.last[1]) * k;
    drag.last = [event.clientX, event.clientY];
  } else if (drag.kind === "corner") {
    state.rooms[selected.index].shape[drag.corner] = snap(p, selected.index);
  } else if (drag.kind === "room") {
    const start = JSON.parse(drag.start), dx = round(p[0] - drag.from[0]), dy = round(p[1] - drag.from[1]);
    const room = state.rooms[selected.index];
    room.shape = start.shape.map((c) => [fix(c[0] + dx), fix(c[1] + dy)]);
    room.door = start.door && [fix(start.door[0] + dx), fix(start.door[1] + dy)];
  } else if (drag.kind === "marker") {
    state[drag.list][selected.index].at = snap(p);
  } else if (drag.kind === "rect") {
    drag.to = snap(p);
  } else if (drag.kind === "drawing") {
    state.drawing.placement.x = fix(drag.start.x + p[0] - drag.from[0]);
    state.drawing.placement.y = fix(drag.start.y + p[1] - drag.from[1]);
  }
  fillLinks();
render();
});
const lift = (event) => { touches.delete(event.pointerId); if (touches.size < 2) pinch = null; };
svg.addEventListener("pointercancel", (event) => { lift(event); drag = null; });
svg.addEventListener("pointerup", (event) => {
  lift(event);
  if (!drag) return;
  const done = drag; drag = null; snapMark = null;
  if (done.kind === "rect" && done.to && Math.abs(done.to[0] - done.from[0]) > 0.2 && Math.abs(done.to[1] - done.from[1]) > 0.2) {
    addRoom(rectangle(done.from, done.to));
    return;
  }
  if (done.before) remember(done.before);
  fillLinks();
render();
});
svg.addEventListener("dblclick", (event) => {
  if (tool !== "select" || !selected || selected.type !== "room") return;
  const c = event.target.dataset.corner;
  const room = state.rooms[selected.index];
  if (c !== undefined && room.shape.length > 3) change(() => room.shape.splice(+c, 1));
});
svg.addEventListener("wheel", (event) => { event.preventDefault(); zoom(event.deltaY > 0 ? 1.15 : 1 / 1.15, toPlan(event)); }, { passive: false });

// --- actions, keys ------------------------------------------------------------------------
function setTool(name) {
  if (tool === "room" && name !== "room") drawing = [];
  tool = name; cursor = null; snapMark = null;
  if (name !== "scale") { scalePoints = []; document.getElementById("pe-distance").hidden = true; }
  fillLinks();
render();
}
function deleteSelected() {
  if (!selected) return;
  const lists = { room: state.rooms, facility: state.facilities, kiosk: null };
  const list = lists[selected.type];
  if (!list) return;
  const item = list[selected.index];
  if (selected.type === "facility" && !item.link && item.floors && item.floors.length > 1) { say("pe_on_other_floors", "bad"); return; }
  change(() => { list.splice(selected.index, 1); selected = null; });
}
function payload() {
  return JSON.stringify({
    rooms: state.rooms.map((r) => ({ id: r.id, shape: r.shape, door: r.door, new: r.new || null })),
    facilities: state.facilities.map((f) => ({ id: f.id, kind: f.kind, at: f.at, new: !!f.new, link: !!f.link })),
    kiosks: state.kiosks.map((k) => ({ id: k.id, at: k.at, facing: k.facing })),
  });
}
async function post(url, fields) {
  const body = new FormData();
  body.append("csrf_token", root.dataset.csrf);
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  const response = await fetch(url, { method: "POST", body, credentials: "same-origin" });
  let data = {};
  try { data = await response.json(); } catch { data = { refused: ["出错了", `error ${response.status}`] }; }
  return [response.status, data];
}
function refusedWords(data) { return (data.refused || []).join(" / "); }
async function save() {
  statusLine.replaceChildren("…");
  const [code, data] = await post(root.dataset.save, { version, plan: payload() });
  if (code === 200 && data.saved) {
    version = data.version; problems = []; showProblems();
    await reload();
    say("pe_saved", "ok");
  } else if (code === 409) {
    statusLine.replaceChildren(refusedWords(data)); statusLine.className = "pe-status bad"; statusLine.dataset.sticky = "1";
  } else {
    problems = data.problems || []; showProblems();
    statusLine.replaceChildren(refusedWords(data)); statusLine.className = "pe-status bad"; statusLine.dataset.sticky = "1";
  }
  fillLinks();
render();
}
async function reload() {
  const response = await fetch(root.dataset.modelUrl, { credentials: "same-origin" });
  const data = await response.json();
  const labels = model.labels;
  model = { ...data.model, labels };
  version = data.version; root.dataset.version = version;
  state = freshState(model); undo = []; redo = []; dirty = false; selected = null;
}
function preview() {
  const form = document.getElementById("pe-preview-form");
  form.action = root.dataset.preview;
  form.elements.plan.value = payload();
  const room = selected && selected.type === "room" ? state.rooms[selected.index] : null;
  form.elements.space.value = room && !room.new ? room.id : "";
  form.submit();
}
// In pieces: the server refuses any body over 64 KiB (waitress), and a scanned plan is megabytes.
async function upload(file) {
  const bad = (data) => { statusLine.replaceChildren(refusedWords(data)); statusLine.className = "pe-status bad"; statusLine.dataset.sticky = "1"; };
  const [started, begun] = await post(root.dataset.upload + "/start", { name: file.name, size: file.size });
  if (started !== 200) { bad(begun); return; }
  for (let offset = 0; offset < file.size; offset += begun.piece) {
    statusLine.replaceChildren(`${Math.round((100 * offset) / file.size)} %`);
    const [sent, reply] = await post(root.dataset.upload + "/part", { token: begun.token, offset, piece: file.slice(offset, offset + begun.piece) });
    if (sent !== 200) { bad(reply); return; }
  }
  const [code, data] = await post(root.dataset.upload, { token: begun.token, name: file.name });
  if (code !== 200) { statusLine.replaceChildren(refusedWords(data)); statusLine.className = "pe-status bad"; statusLine.dataset.sticky = "1"; return; }
  state.drawing = { ...data.drawing, width: data.width, height: data.height,
    placement: { metres_per_pixel: model.floor.size[0] / data.width, x: 0, y: 0 } };
  setTool("scale");
}
document.getElementById("pe-upload").addEventListener("change", (event) => { const f = event.target.files[0]; if (f) upload(f); });
document.getElementById("pe-distance").addEventListener("submit", (event) => {
  event.preventDefault();
  const metres = parseFloat(document.getElementById("pe-metres").value);
  const d = state.drawing;
  if (!(metres > 0) || scalePoints.length < 2 || !d) return;
  const p = d.placement, [a, b] = scalePoints, pixels = dist(a, b) / p.metres_per_pixel;
  const ax = (a[0] - p.x) / p.metres_per_pixel, ay = (a[1] - p.y) / p.metres_per_pixel; // a stays where it is
  p.metres_per_pixel = metres / pixels;
  p.x = fix(a[0] - ax * p.metres_per_pixel); p.y = fix(a[1] - ay * p.metres_per_pixel);
  scalePoints = []; event.target.hidden = true;
  setTool("move-drawing");
});
async function useDrawing() {
  const d = state.drawing;
  if (!d || !d.placement) return;
  const [code, data] = await post(root.dataset.place, { version, ...d.placement });
  if (code === 200 && data.saved) { version = data.version; root.dataset.version = version; say("pe_saved", "ok"); }
  else { statusLine.replaceChildren(refusedWords(data)); statusLine.className = "pe-status bad"; statusLine.dataset.sticky = "1"; }
}
const actions = {
  delete: deleteSelected, undo: doUndo, redo: doRedo, save, preview, "use-drawing": useDrawing,
  "zoom-in": () => zoom(1 / 1.3), "zoom-out": () => zoom(1.3), fit: () => { view = fitView(); render(); },
};
document.querySelectorAll(".pe-tool").forEach((b) => b.addEventListener("click", () => setTool(b.dataset.tool)));
document.querySelectorAll(".pe-act").forEach((b) => b.addEventListener("click", () => actions[b.dataset.act]()));
const keys = { v: "select", r: "room", b: "rect", d: "door", f: "facility", k: "kiosk", h: "pan", s: "scale", m: "move-drawing" };
document.addEventListener("keydown", (event) => {
  const typing = ["INPUT", "SELECT", "TEXTAREA"].includes(event.target.tagName);
  const key = event.key.toLowerCase(), ctrl = event.ctrlKey || event.metaKey;
  if (ctrl && key === "s") { event.preventDefault(); save(); return; }
  if (typing) return;
  if (ctrl && key === "z") { event.preventDefault(); event.shiftKey ? doRedo() : doUndo(); return; }
  if (ctrl && key === "y") { event.preventDefault(); doRedo(); return; }
  if (ctrl || event.altKey) return;
  if (key === " ") { spaceHeld = true; event.preventDefault(); return; }
  if (key === "enter" && tool === "room") { finishRoom(); return; }
  if (key === "escape") { drawing = []; selected = null; setTool("select"); return; }
  if (key === "delete" || key === "backspace") { event.preventDefault(); deleteSelected(); return; }
  if (key === "+" || key === "=") { zoom(1 / 1.3); return; }
  if (key === "-") { zoom(1.3); return; }
  if (key === "0") { actions.fit(); return; }
  if (key === "p") { preview(); return; }
  if (key === "u") { useDrawing(); return; }
  if (key === "[" || key === "]") { turn(key === "[" ? -15 : 15); return; }
  const step = view.w / 10, arrows = { arrowleft: [-step, 0], arrowright: [step, 0], arrowup: [0, -step], arrowdown: [0, step] };
  if (arrows[key]) { event.preventDefault(); pan(...arrows[key]); return; }
  if (keys[key]) setTool(keys[key]);
});
document.addEventListener("keyup", (event) => { if (event.key === " ") spaceHeld = false; });
window.addEventListener("beforeunload", (event) => { if (dirty) event.preventDefault(); });
window.addEventListener("resize", render);

// A hand edit (or another tab) while the editor is open: say so at once; the save will be refused anyway.
setInterval(async () => {
  try {
    const response = await fetch(root.dataset.modelUrl, { credentials: "same-origin" });
    const data = await response.json();
    if (data.version !== version) { statusLine.replaceChildren(bi("pe_changed_meanwhile")); statusLine.className = "pe-status bad"; statusLine.dataset.sticky = "1"; statusLine.dataset.changed = "1"; }
  } catch { /* offline for a moment: the save says what happened */ }
}, 3000);

const linkSelect = document.getElementById("pe-link");
// The same lift (stairs, escalator) as on other floors: one id joins the floors for routes.
function fillLinks() {
  const placed = new Set(state.facilities.map((f) => f.id));
  linkSelect.replaceChildren();
  const fresh = document.createElement("option"); fresh.value = ""; fresh.textContent = L("pe_link_new").join(" / "); linkSelect.append(fresh);
  for (const f of model.linkable.filter((x) => x.kind === kindSelect.value && !placed.has(x.id))) {
    const o = document.createElement("option"); o.value = f.id; o.textContent = `${f.id} (${f.floors.join(", ")})`; linkSelect.append(o);
  }
  linkSelect.closest("label").hidden = linkSelect.options.length < 2;
}
kindSelect.addEventListener("change", fillLinks);
for (const k of model.kinds) { const o = document.createElement("option"); o.value = k.id; o.textContent = langs.slice(0, 2).map((l) => k.name[l]).join(" "); kindSelect.append(o); }
fillLinks();
// Opened from a visitor's report ("the plan or the way is wrong"): that place is selected.
if (model.select) selectById(model.select);
render();
