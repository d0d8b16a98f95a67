// The scenario cross: cards dragged with pointer events (mouse, touch, pen) or moved with the
// arrow keys, sent to Python as a trigger value {card, x, y} or {card, tray: true}, with x and y
// normalised to -1…1 (x grows to the right, y upwards). Python validates and stores the move and
// sends the stored placements back as `data`; the component then redraws from them.
//
// All user text (names, labels, notes) is set with textContent, never as markup.
// Streamlit calls the default export again whenever `data` changes; the per-instance state
// (local moves not yet confirmed, the focused card, a drag in progress) lives in STATE.

const STATE = new WeakMap();
const KEY_STEP = 0.02;
const KEY_STEP_LARGE = 0.1;
const KEY_SEND_DELAY_MS = 350;
const INFLIGHT_TIMEOUT_MS = 1500;
const PENDING_TIMEOUT_MS = 10000;
const DRAG_THRESHOLD_PX = 3;
// Narrower than this (a phone; a 1024 px tablet with the sidebar open still has 540), the board is
// a 2×2 grid with a list of cards per quadrant: a card keeps its quadrant, its words whole and its
// own line, and no card covers another.
const NARROW_PX = 480;
const QUADRANTS = ["nw", "ne", "sw", "se"];

const clamp = (value) => Math.max(-1, Math.min(1, value));
const fmt = (value, decimal) => (Math.round(value * 100) / 100).toFixed(2).replace(".", decimal || ".");

function fill(template, values) {
  return String(template || "").replace(/\{(\w+)\}/g, (match, name) =>
    name in values ? String(values[name]) : match,
  );
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

// A text as whole words: each word is its own box that never breaks inside (a word wider than its
// card or label ends in "…"; the whole text is in the card's title and the placements table).
function words(node, text) {
  const parts = String(text || "").split(/\s+/).filter(Boolean);
  parts.forEach((part, index) => {
    if (index) node.append(" ");
    node.append(el("span", "fs-word", part));
  });
  return node;
}

function label(className, text) {
  return words(el("div", className), text);
}

function quadrantOf(x, y) {
  return (y >= 0 ? "n" : "s") + (x >= 0 ? "e" : "w");
}

// -- positions ------------------------------------------------------------------------------

function positionOf(state, card) {
  const now = Date.now();
  const pending = state.pending.get(card.id);
  if (pending) {
    const stored = card.x === null || card.x === undefined ? null : { x: card.x, y: card.y };
    const same =
      (pending.pos === null && stored === null) ||
      (pending.pos && stored && Math.abs(pending.pos.x - stored.x) < 1e-9 && Math.abs(pending.pos.y - stored.y) < 1e-9);
    if (pending.sent && (same || now - pending.at > PENDING_TIMEOUT_MS)) {
      state.pending.delete(card.id);
    } else {
      return pending.pos;
    }
  }
  if (card.x === null || card.x === undefined || card.y === null || card.y === undefined) return null;
  return { x: card.x, y: card.y };
}

// -- sending --------------------------------------------------------------------------------

function queue(state, cardId, pos) {
  state.pending.set(cardId, { pos, at: Date.now(), sent: false });
  state.outbox.set(cardId, pos === null ? { card: cardId, tray: true } : { card: cardId, x: pos.x, y: pos.y });
  flush(state);
}

// One move per rerun: Streamlit keeps only the component's last trigger value per run, so a move
// waits for the rerun of the one before it, and for the rerun of a refresh.
function flush(state) {
  if (!state.outbox.size) return;
  const now = Date.now();
  const busy = Math.max(state.inflight, state.refreshing);
  if (busy && now - busy < INFLIGHT_TIMEOUT_MS) {
    clearTimeout(state.flushTimer);
    state.flushTimer = setTimeout(() => flush(state), INFLIGHT_TIMEOUT_MS);
    return;
  }
  const [cardId, payload] = state.outbox.entries().next().value;
  state.outbox.delete(cardId);
  const pending = state.pending.get(cardId);
  if (pending) {
    pending.sent = true;
    pending.at = now;
  }
  state.inflight = now;
  state.send("drop", payload);
}

// -- following other devices ----------------------------------------------------------------

// watch.js reports the stored revision of the cross every second. When it is not the one this
// drawing came from, ask for a redraw (the trigger `refresh` reruns only the cross's fragment),
// unless a card is in hand or a move is on its way: then the move's own rerun brings the newest
// placements, and a refresh sent now would replace the move's trigger value before it arrives.
function followRevision(state) {
  const data = state.data || {};
  const reported = state.stale;
  if (!reported || reported === data.revision) {
    state.stale = null;
    return;
  }
  const now = Date.now();
  const busy =
    state.dragging ||
    state.outbox.size ||
    state.keyTimers.size ||
    (state.inflight && now - state.inflight < INFLIGHT_TIMEOUT_MS) ||
    (state.refreshing && now - state.refreshing < INFLIGHT_TIMEOUT_MS);
  if (busy) return; // still stale: asked again at the end of the drag, or at the next report
  state.stale = null;
  state.refreshing = now;
  state.send("refresh", reported);
}

// The positions a report carries, drawn at once when the same cards are on the cross (a card added
// or removed waits for the redraw, which brings its label). The drawing's revision stays, so the
// redraw is still asked for: it brings the table under the cross.
function applyReported(state, reported) {
  const cards = (state.data || {}).cards || [];
  if (!Array.isArray(reported) || reported.length !== cards.length) return;
  const stored = new Map(reported.map((card) => [card.id, card]));
  if (cards.some((card) => !stored.has(card.id))) return;
  const moved = cards.map((card) => ({ ...card, x: stored.get(card.id).x, y: stored.get(card.id).y }));
  if (moved.every((card, index) => card.x === cards[index].x && card.y === cards[index].y)) return;
  state.data = { ...state.data, cards: moved };
  render(state.parent, state);
}

function listen(state) {
  if (state.onRevision) return;
  state.onRevision = (event) => {
    const detail = event.detail || {};
    if (detail.cross !== (state.data || {}).crossId) return;
    state.stale = detail.revision;
    if (detail.cards && detail.revision !== state.data.revision && !state.dragging) applyReported(state, detail.cards);
    followRevision(state);
  };
  window.addEventListener("framsyn-cross-revision", state.onRevision);
}

function unlisten(state) {
  if (state.onRevision) window.removeEventListener("framsyn-cross-revision", state.onRevision);
  state.onRevision = null;
}

// -- drawing --------------------------------------------------------------------------------

function cardLabel(state, card, pos) {
  const texts = state.data.texts || {};
  if (pos === null) return fill(texts.card_in_tray, { label: card.label });
  const quadrants = (state.data.cross || {}).quadrants || {};
  const quadrant = quadrants[quadrantOf(pos.x, pos.y)] || "";
  const decimal = state.data.decimal;
  return fill(texts.card_at, { label: card.label, x: fmt(pos.x, decimal), y: fmt(pos.y, decimal), quadrant });
}

// Keep every placed card inside the board and clear of the quadrant names: the names take a band
// at the top and the bottom, and a card near an edge is drawn just inside it. Cards placed close
// together, or on an axis's end label, would hide each other's words: each is drawn at the nearest
// free spot that keeps its centre in its own quadrant. The stored position stays as placed; only
// the drawing moves (at any board size, e.g. a 1024×768 touch screen).
function layoutCards(state) {
  const nodes = state.nodes;
  if (!nodes || !nodes.board || !nodes.board.isConnected || state.narrow) return;
  const board = nodes.board;
  const width = board.clientWidth;
  const height = board.clientHeight;
  if (!width || !height) return;
  const boardRect = board.getBoundingClientRect();
  const scale = boardRect.height / height || 1;
  const gap = 4;
  const boxOf = (node) => {
    const rect = node.getBoundingClientRect();
    return {
      left: (rect.left - boardRect.left) / scale - gap,
      right: (rect.right - boardRect.left) / scale + gap,
      top: (rect.top - boardRect.top) / scale - gap,
      bottom: (rect.bottom - boardRect.top) / scale + gap,
    };
  };
  // Each quadrant's name (and, beside the vertical axis, its end label and name) takes a band at
  // its top or bottom edge; every label is also an obstacle, for a card that reaches over into the
  // next quadrant.
  const band = { nw: gap, ne: gap, sw: height - gap, se: height - gap };
  const taken = [...board.querySelectorAll(".fs-pole, .fs-axis-name, .fs-quad")].map(boxOf);
  for (const key of QUADRANTS) {
    const held = [...board.querySelectorAll(`.fs-band-${key} > *`)].map(boxOf);
    if (!held.length) continue;
    band[key] = key[0] === "n" ? Math.max(...held.map((box) => box.bottom)) : Math.min(...held.map((box) => box.top));
  }
  const cards = [...board.querySelectorAll(".fs-card.fs-placed")].filter(
    (node) => !node.classList.contains("fs-dragging") && node.dataset.x !== undefined,
  );
  // The card in hand or in focus first, then the outermost: a card in a corner has the least room
  // to give way, and a card nearer the middle moves the shorter distance.
  const first = state.focused;
  const reach = (node) => Math.max(Math.abs(Number(node.dataset.x)), Math.abs(Number(node.dataset.y)));
  cards.sort((a, b) => (b.dataset.card === first) - (a.dataset.card === first) || reach(b) - reach(a));
  for (const node of cards) {
    const half = { w: node.offsetWidth / 2, h: node.offsetHeight / 2 };
    const x = Number(node.dataset.x);
    const y = Number(node.dataset.y);
    const within = (value, low, high) => (low > high ? (low + high) / 2 : Math.max(low, Math.min(high, value)));
    const top = x < 0 ? band.nw : x > 0 ? band.ne : Math.max(band.nw, band.ne);
    const bottom = x < 0 ? band.sw : x > 0 ? band.se : Math.min(band.sw, band.se);
    const bounds = { left: half.w + gap, right: width - half.w - gap, top: top + half.h, bottom: bottom - half.h };
    const want = {
      x: within(((x + 1) / 2) * width, bounds.left, bounds.right),
      y: within(((1 - y) / 2) * height, bounds.top, bounds.bottom),
    };
    // The centre stays on its side of each axis (a card on an axis may go either way).
    const quadrant = {
      left: x > 0 ? Math.max(bounds.left, width / 2) : bounds.left,
      right: x < 0 ? Math.min(bounds.right, width / 2) : bounds.right,
      top: y < 0 ? Math.max(bounds.top, height / 2) : bounds.top,
      bottom: y > 0 ? Math.min(bounds.bottom, height / 2) : bounds.bottom,
    };
    const spot = freeSpot(want, half, quadrant, taken) || want;
    node.style.left = `${spot.x}px`;
    node.style.top = `${spot.y}px`;
    taken.push({ left: spot.x - half.w, right: spot.x + half.w, top: spot.y - half.h, bottom: spot.y + half.h });
  }
}

// The nearest centre to `want` (in rings of 8 px) whose card, `half` its size, lies within `bounds`
// and overlaps nothing `taken`; where every spot overlaps something (a crowded quadrant on a small
// screen), the one that hides the least. Null when `bounds` leave no room at all.
function freeSpot(want, half, bounds, taken) {
  if (bounds.left > bounds.right || bounds.top > bounds.bottom) return null;
  const hidden = (cx, cy) =>
    taken.reduce((sum, box) => {
      const w = Math.min(cx + half.w, box.right) - Math.max(cx - half.w, box.left);
      const h = Math.min(cy + half.h, box.bottom) - Math.max(cy - half.h, box.top);
      return w > 0 && h > 0 ? sum + w * h : sum;
    }, 0);
  const step = 8;
  const limit = Math.max(bounds.right - bounds.left, bounds.bottom - bounds.top) + step;
  let best = null;
  for (let ring = 0; ring <= limit; ring += step) {
    const offsets = [];
    for (let d = -ring; d <= ring; d += step) offsets.push([d, -ring], [d, ring], [-ring, d], [ring, d]);
    offsets.sort((a, b) => a[0] * a[0] + a[1] * a[1] - (b[0] * b[0] + b[1] * b[1]));
    for (const [dx, dy] of offsets) {
      const x = want.x + dx;
      const y = want.y + dy;
      if (x < bounds.left || x > bounds.right || y < bounds.top || y > bounds.bottom) continue;
      const area = hidden(x, y);
      if (area === 0) return { x, y };
      if (!best || area < best.area) best = { x, y, area };
    }
  }
  return best;
}

function watchBoard(state) {
  if (state.resizeObserver) state.resizeObserver.disconnect();
  if (typeof ResizeObserver === "undefined") return;
  state.resizeObserver = new ResizeObserver(() => {
    if (state.dragging) return;
    if (isNarrow(state) !== state.narrow) render(state.parent, state);
    else layoutCards(state);
  });
  state.resizeObserver.observe(state.nodes.root);
}

function isNarrow(state, root) {
  const node = root || (state.nodes && state.nodes.root);
  const width = (node && node.clientWidth) || (state.parent && state.parent.clientWidth) || window.innerWidth;
  return width < NARROW_PX;
}

// Where a card dropped at (clientX, clientY) goes, in -1…1. On the narrow grid each quadrant is a
// list: the point maps into the quadrant of the list it is over (never onto an axis).
function dropPosition(state, clientX, clientY) {
  const boardRect = state.nodes.board.getBoundingClientRect();
  if (!state.narrow) {
    return {
      x: clamp(((clientX - boardRect.left) / boardRect.width) * 2 - 1),
      y: clamp(1 - ((clientY - boardRect.top) / boardRect.height) * 2),
    };
  }
  const axis = state.nodes.xrow.getBoundingClientRect();
  const east = clientX >= boardRect.left + boardRect.width / 2;
  const north = clientY < (axis.top + axis.bottom) / 2;
  const cell = state.nodes.cells[(north ? "n" : "s") + (east ? "e" : "w")].getBoundingClientRect();
  const part = (value, low, size) => Math.max(0, Math.min(1, size ? (value - low) / size : 0.5));
  const across = part(clientX, cell.left, cell.width) * 0.9;
  const down = part(clientY, cell.top, cell.height) * 0.9;
  const round = (value) => Math.round(value * 1000) / 1000;
  return { x: round(east ? 0.1 + across : -1 + across), y: round(north ? 1 - down : -0.1 - down) };
}

function placeElement(node, pos) {
  node.classList.add("fs-placed");
  node.style.left = `${((pos.x + 1) / 2) * 100}%`;
  node.style.top = `${((1 - pos.y) / 2) * 100}%`;
  node.dataset.x = String(pos.x);
  node.dataset.y = String(pos.y);
}

function render(parent, state) {
  const data = state.data || {};
  const texts = data.texts || {};
  const cross = data.cross || {};
  const root = parent.querySelector(".fs-root");
  if (!root) return;
  state.rendering = true;
  root.replaceChildren();
  root.classList.toggle("fs-present", Boolean(data.present));

  const toolbar = el("div", "fs-toolbar");
  const svgButton = el("button", "", texts.export_svg);
  svgButton.type = "button";
  svgButton.addEventListener("click", () => downloadSvg(state, root));
  const pngButton = el("button", "", texts.export_png);
  pngButton.type = "button";
  pngButton.addEventListener("click", () => downloadPng(state, root));
  toolbar.append(svgButton, pngButton);
  root.append(toolbar);

  state.narrow = isNarrow(state, root);
  root.classList.toggle("fs-narrow", state.narrow);
  const board = el("div", "fs-board");
  board.setAttribute("role", "group");
  board.setAttribute("aria-label", texts.board || "");
  board.append(el("div", "fs-axis-x"), el("div", "fs-axis-y"));
  const axes = { x: cross.x || {}, y: cross.y || {} };
  const quadrants = cross.quadrants || {};
  const quadName = (key) => (quadrants[key] ? label(`fs-quad fs-quad-${key}`, quadrants[key]) : null);
  const pole = (name, text) => (text ? label(`fs-pole fs-pole-${name}`, text) : null);
  // The axis's name at its high end, with an arrow (read as the name alone by a screen reader).
  const axisName = (name, text) => {
    if (!text) return null;
    const node = label(`fs-axis-name fs-axis-name-${name}`, text);
    const arrow = el("span", "fs-arrow", name === "x" ? "→" : "↑");
    arrow.setAttribute("aria-hidden", "true");
    if (name === "x") node.append(" ", arrow);
    else node.prepend(arrow, " ");
    return node;
  };
  // Along the top and bottom edges, each half of the board is a band: the quadrant's name at the
  // outer edge, the vertical axis's name and end labels beside the axis. A band lays its labels out
  // side by side (they wrap between words, never over each other); cards keep below or above it.
  const bands = {
    nw: [quadName("nw"), axisName("y", axes.y.label)],
    ne: [pole("y-high", axes.y.high), quadName("ne")],
    sw: [quadName("sw")],
    se: [pole("y-low", axes.y.low), quadName("se")],
  };
  const cells = {};
  const band = (key) => {
    const node = el("div", `fs-band fs-band-${key}`);
    node.append(...bands[key].filter(Boolean));
    return node;
  };
  const cell = (key) => {
    cells[key] = el("div", `fs-cell fs-cell-${key}`);
    return cells[key];
  };
  // The horizontal axis's end labels: its low end under the axis at the left, its name above and
  // its high end under the axis at the right.
  const xLow = el("div", "fs-xrow fs-xrow-low");
  xLow.append(...[pole("x-low", axes.x.low)].filter(Boolean));
  const xHigh = el("div", "fs-xrow fs-xrow-high");
  xHigh.append(...[axisName("x", axes.x.label), pole("x-high", axes.x.high)].filter(Boolean));
  // In this order the narrow grid reads top to bottom; on a wide board all but the cells are placed.
  board.append(band("nw"), band("ne"), cell("nw"), cell("ne"), xLow, xHigh, cell("sw"), cell("se"), band("sw"), band("se"));
  root.append(board);

  const trayTitle = el("div", "fs-tray-title", texts.tray);
  trayTitle.id = "fs-tray-title";
  const tray = el("div", "fs-tray");
  tray.setAttribute("role", "list");
  tray.setAttribute("aria-labelledby", "fs-tray-title");
  root.append(trayTitle, tray);
  if (texts.help) root.append(el("p", "fs-help", texts.help));
  const live = el("div", "fs-sr");
  live.setAttribute("aria-live", "polite");
  root.append(live);

  state.nodes = { root, board, tray, live, cells, xrow: xHigh };
  const ordered = [...(data.cards || [])].map((card) => ({ card, pos: positionOf(state, card) }));
  if (state.narrow) ordered.sort((a, b) => (b.pos ? b.pos.y : 0) - (a.pos ? a.pos.y : 0) || (a.pos ? a.pos.x : 0) - (b.pos ? b.pos.x : 0));
  for (const { card, pos } of ordered) {
    const node = el("div", `fs-card fs-kind-${card.kind}`);
    node.append(words(el("span", "fs-text"), card.label));
    node.title = card.label; // the whole label, also when a long one is cut short on the board
    node.tabIndex = 0;
    node.setAttribute("role", pos === null ? "listitem" : "button");
    node.dataset.card = card.id;
    node.setAttribute("aria-label", cardLabel(state, card, pos));
    node.setAttribute("aria-roledescription", texts.card_role || "");
    if (pos === null) {
      tray.append(node);
    } else if (state.narrow) {
      node.dataset.x = String(pos.x);
      node.dataset.y = String(pos.y);
      cells[quadrantOf(pos.x, pos.y)].append(node);
    } else {
      placeElement(node, pos);
      board.append(node);
    }
    // A viewer's or a screen's cross is drawn fixed (the server refuses a drop from them anyway).
    if (data.movable !== false) {
      node.classList.add("fs-movable");
      node.addEventListener("pointerdown", (event) => startDrag(state, card, node, event));
      node.addEventListener("keydown", (event) => onKey(state, card, event));
    }
    node.addEventListener("focus", () => {
      state.focused = card.id;
    });
    node.addEventListener("blur", () => {
      if (!state.rendering && state.focused === card.id) state.focused = null;
    });
  }
  if (state.focused) {
    const focused = [...root.querySelectorAll(".fs-card")].find((node) => node.dataset.card === state.focused);
    if (focused) focused.focus({ preventScroll: true });
  }
  layoutCards(state);
  watchBoard(state);
  state.rendering = false;
}

// -- pointer --------------------------------------------------------------------------------

function startDrag(state, card, node, event) {
  if (event.button !== undefined && event.button !== 0) return;
  if (state.dragging) return;
  event.preventDefault();
  const { board } = state.nodes;
  const boardRect = board.getBoundingClientRect();
  const cardRect = node.getBoundingClientRect();
  const centreX = cardRect.left + cardRect.width / 2;
  const centreY = cardRect.top + cardRect.height / 2;
  const drag = {
    id: card.id,
    card,
    node,
    pointerId: event.pointerId,
    offsetX: event.clientX - centreX,
    offsetY: event.clientY - centreY,
    startX: event.clientX,
    startY: event.clientY,
    moved: false,
  };
  state.dragging = drag;
  try {
    node.setPointerCapture(event.pointerId);
  } catch (error) {
    // Synthetic pointers (tests, some pens) may have no active pointer to capture.
  }
  node.focus({ preventScroll: true });
  if (node.parentElement !== board) {
    node.classList.add("fs-placed");
    node.style.left = `${centreX - boardRect.left}px`;
    node.style.top = `${centreY - boardRect.top}px`;
    board.append(node);
    try {
      node.setPointerCapture(event.pointerId);
    } catch (error) {
      // See above.
    }
  }
  node.classList.add("fs-dragging");
  const move = (moveEvent) => onDragMove(state, moveEvent);
  const up = (upEvent) => onDragEnd(state, upEvent, false);
  const cancel = (cancelEvent) => onDragEnd(state, cancelEvent, true);
  drag.listeners = { move, up, cancel };
  node.addEventListener("pointermove", move);
  node.addEventListener("pointerup", up);
  node.addEventListener("pointercancel", cancel);
  // Without capture (a synthetic pointer) the events reach the window instead.
  window.addEventListener("pointermove", move);
  window.addEventListener("pointerup", up);
}

function onDragMove(state, event) {
  const drag = state.dragging;
  if (!drag || event.pointerId !== drag.pointerId) return;
  event.preventDefault();
  if (Math.hypot(event.clientX - drag.startX, event.clientY - drag.startY) > DRAG_THRESHOLD_PX) drag.moved = true;
  const boardRect = state.nodes.board.getBoundingClientRect();
  drag.node.style.left = `${event.clientX - drag.offsetX - boardRect.left}px`;
  drag.node.style.top = `${event.clientY - drag.offsetY - boardRect.top}px`;
}

function onDragEnd(state, event, cancelled) {
  const drag = state.dragging;
  if (!drag || event.pointerId !== drag.pointerId) return;
  const { node, listeners } = drag;
  node.removeEventListener("pointermove", listeners.move);
  node.removeEventListener("pointerup", listeners.up);
  node.removeEventListener("pointercancel", listeners.cancel);
  window.removeEventListener("pointermove", listeners.move);
  window.removeEventListener("pointerup", listeners.up);
  try {
    node.releasePointerCapture(event.pointerId);
  } catch (error) {
    // Already released.
  }
  state.dragging = null;
  if (!cancelled && drag.moved) {
    const boardRect = state.nodes.board.getBoundingClientRect();
    const trayRect = state.nodes.tray.getBoundingClientRect();
    const centreX = event.clientX - drag.offsetX;
    const centreY = event.clientY - drag.offsetY;
    const inside = (rect, x, y) => x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom;
    if (inside(trayRect, event.clientX, event.clientY)) {
      queue(state, drag.id, null);
    } else if (inside(boardRect, centreX, centreY)) {
      queue(state, drag.id, dropPosition(state, centreX, centreY));
    }
  }
  if (!state.outbox.size && state.stale) followRevision(state); // a click, or a drop off the board
  render(state.parent, state);
  const moved = (state.data.cards || []).find((card) => card.id === drag.id);
  if (moved) announce(state, cardLabel(state, moved, positionOf(state, moved)));
}

// -- keyboard -------------------------------------------------------------------------------

function onKey(state, card, event) {
  const steps = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
  let pos = positionOf(state, card);
  if (event.key in steps) {
    const step = event.shiftKey ? KEY_STEP_LARGE : KEY_STEP;
    const [dx, dy] = steps[event.key];
    const from = pos === null ? { x: 0, y: 0 } : pos; // a card leaves the tray at the centre
    pos = { x: clamp(from.x + dx * step), y: clamp(from.y + dy * step) };
    pos = { x: Math.round(pos.x * 1000) / 1000, y: Math.round(pos.y * 1000) / 1000 };
    state.pending.set(card.id, { pos, at: Date.now(), sent: false });
    clearTimeout(state.keyTimers.get(card.id));
    state.keyTimers.set(
      card.id,
      setTimeout(() => {
        state.keyTimers.delete(card.id);
        queue(state, card.id, state.pending.get(card.id)?.pos ?? pos);
      }, KEY_SEND_DELAY_MS),
    );
  } else if (["Escape", "Delete", "Backspace"].includes(event.key) && pos !== null) {
    clearTimeout(state.keyTimers.get(card.id));
    state.keyTimers.delete(card.id);
    pos = null;
    queue(state, card.id, null);
  } else {
    return;
  }
  event.preventDefault();
  state.focused = card.id;
  render(state.parent, state);
  announce(state, cardLabel(state, card, pos));
}

function announce(state, text) {
  if (state.nodes && state.nodes.live) state.nodes.live.textContent = text;
}

// -- export ---------------------------------------------------------------------------------

const SVG_NS = "http://www.w3.org/2000/svg";
const KIND_COLOURS = {
  driver: ["#dbeafe", "#1e3a8a"],
  trend: ["#fef3c7", "#92400e"],
  note: ["#dcfce7", "#166534"],
};

function svgNode(tag, attributes, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = String(text);
  return node;
}

function crossSvg(state) {
  const data = state.data || {};
  const cross = data.cross || {};
  const width = 1600;
  const height = 1000;
  const top = 70;
  const boardHeight = height - top - 20;
  const svg = svgNode("svg", { xmlns: SVG_NS, width, height, viewBox: `0 0 ${width} ${height}` });
  svg.append(svgNode("rect", { x: 0, y: 0, width, height, fill: "#ffffff" }));
  const font = { "font-family": "system-ui, Segoe UI, Arial, sans-serif" };
  svg.append(svgNode("text", { x: 20, y: 45, "font-size": 30, "font-weight": 700, fill: "#111827", ...font }, cross.name || ""));
  const bx = 20;
  const bw = width - 40;
  svg.append(svgNode("rect", { x: bx, y: top, width: bw, height: boardHeight, fill: "none", stroke: "#4b5563", "stroke-width": 2 }));
  svg.append(svgNode("line", { x1: bx, y1: top + boardHeight / 2, x2: bx + bw, y2: top + boardHeight / 2, stroke: "#374151", "stroke-width": 2 }));
  svg.append(svgNode("line", { x1: bx + bw / 2, y1: top, x2: bx + bw / 2, y2: top + boardHeight, stroke: "#374151", "stroke-width": 2 }));
  const x = cross.x || {};
  const y = cross.y || {};
  const small = { "font-size": 20, "font-weight": 600, fill: "#1f2937", ...font };
  svg.append(svgNode("text", { x: bx + 8, y: top + boardHeight / 2 + 26, ...small }, x.low || ""));
  svg.append(svgNode("text", { x: bx + bw - 8, y: top + boardHeight / 2 + 26, "text-anchor": "end", ...small }, x.high || ""));
  svg.append(svgNode("text", { x: bx + bw / 2 + 10, y: top + 24, ...small }, y.high || ""));
  svg.append(svgNode("text", { x: bx + bw / 2 + 10, y: top + boardHeight - 10, ...small }, y.low || ""));
  const axisLine = [["x", x], ["y", y]]
    .filter(([, axis]) => axis.label || axis.low || axis.high)
    .map(([name, axis]) =>
      axis.low || axis.high ? `${name}: ${axis.label || ""} (${axis.low || ""} → ${axis.high || ""})` : `${name}: ${axis.label}`,
    )
    .join("   ·   ");
  svg.append(svgNode("text", { x: width - 20, y: 45, "text-anchor": "end", "font-size": 18, fill: "#374151", ...font }, axisLine));
  const quadrants = cross.quadrants || {};
  const big = { "font-size": 28, "font-weight": 700, fill: "#374151", ...font };
  svg.append(svgNode("text", { x: bx + 14, y: top + 40, ...big }, quadrants.nw || ""));
  svg.append(svgNode("text", { x: bx + bw - 14, y: top + 40, "text-anchor": "end", ...big }, quadrants.ne || ""));
  svg.append(svgNode("text", { x: bx + 14, y: top + boardHeight - 16, ...big }, quadrants.sw || ""));
  svg.append(svgNode("text", { x: bx + bw - 14, y: top + boardHeight - 16, "text-anchor": "end", ...big }, quadrants.se || ""));
  for (const card of data.cards || []) {
    const pos = positionOf(state, card);
    if (pos === null) continue;
    const label = card.label.length > 34 ? `${card.label.slice(0, 33)}…` : card.label;
    const cw = Math.max(80, label.length * 10 + 20);
    const cx = bx + ((pos.x + 1) / 2) * bw;
    const cy = top + ((1 - pos.y) / 2) * boardHeight;
    const [fillColour, stroke] = KIND_COLOURS[card.kind] || KIND_COLOURS.note;
    svg.append(svgNode("rect", { x: cx - cw / 2, y: cy - 18, width: cw, height: 36, rx: 6, fill: fillColour, stroke, "stroke-width": 2 }));
    svg.append(svgNode("text", { x: cx, y: cy + 6, "text-anchor": "middle", "font-size": 17, fill: "#111827", ...font }, label));
  }
  return new XMLSerializer().serializeToString(svg);
}

function download(root, blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = el("a", "fs-sr");
  link.href = url;
  link.download = filename;
  root.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function downloadSvg(state, root) {
  const svg = crossSvg(state);
  download(root, new Blob([svg], { type: "image/svg+xml" }), `${state.data.filename || "scenario-cross"}.svg`);
}

function downloadPng(state, root) {
  const svg = crossSvg(state);
  const image = new Image();
  image.onload = () => {
    const canvas = document.createElement("canvas");
    canvas.width = image.width;
    canvas.height = image.height;
    canvas.getContext("2d").drawImage(image, 0, 0);
    canvas.toBlob((blob) => {
      if (blob) download(root, blob, `${state.data.filename || "scenario-cross"}.png`);
    }, "image/png");
  };
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

// -- entry ----------------------------------------------------------------------------------

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let state = STATE.get(parentElement);
  if (!state) {
    state = {
      pending: new Map(),
      outbox: new Map(),
      keyTimers: new Map(),
      inflight: 0,
      refreshing: 0,
      stale: null,
      focused: null,
      dragging: null,
    };
    STATE.set(parentElement, state);
  }
  state.parent = parentElement;
  state.data = data || {};
  state.send = setTriggerValue;
  state.inflight = 0;
  state.refreshing = 0;
  if (!state.dragging) render(parentElement, state);
  flush(state);
  listen(state);
  // A report that came while busy, and is still newer than what was just drawn, is asked for now
  // (the revision a view mounts with is its own: it was read in the same run as the cards).
  if (state.stale) followRevision(state);
  return () => unlisten(state);
}
