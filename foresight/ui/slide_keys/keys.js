// The keys presentation software answers to, for a deck of slides (foresight/ui/slide_keys):
// PageDown, Space, → and ↓ go on (what a presentation clicker sends); PageUp, Shift+Space, ← and
// ↑ go back; Home and End go to the first and the last slide; B (or .) blanks the screen and any
// key brings it back. One listener per page, in the capture phase, so that Space never also
// presses the focused button; typing in a field is left alone.

const NEXT = new Set(["PageDown", "ArrowRight", "ArrowDown"]);
const PREVIOUS = new Set(["PageUp", "ArrowLeft", "ArrowUp", "Backspace"]);
const LISTENING = { state: null };

function typing(target) {
  if (!target || !target.closest) return false;
  return Boolean(target.closest("input, textarea, select, [contenteditable='true'], [role='combobox']"));
}

function blank(state, on) {
  let cover = document.getElementById("fs-blank");
  if (on && !cover) {
    cover = document.createElement("div");
    cover.id = "fs-blank";
    cover.className = "fs-blank";
    cover.setAttribute("role", "presentation");
    cover.title = state.data.blank_title || "";
    Object.assign(cover.style, {
      position: "fixed", inset: "0", background: "#000", zIndex: "2147483647", cursor: "none",
    });
    cover.addEventListener("click", () => blank(state, false));
    document.body.appendChild(cover);
  } else if (!on && cover) {
    cover.remove();
  }
}

function onKey(event) {
  const state = LISTENING.state;
  if (!state || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
  const handled = () => {
    event.preventDefault();
    event.stopImmediatePropagation();
  };
  if (document.getElementById("fs-blank")) {
    if (event.key === "Shift") return;
    handled();  // a blank screen comes back first; the next key moves on
    blank(state, false);
    return;
  }
  let go = null;
  if (NEXT.has(event.key) || (event.key === " " && !event.shiftKey)) go = "next";
  else if (PREVIOUS.has(event.key) || (event.key === " " && event.shiftKey)) go = "previous";
  else if (event.key === "Home") go = "first";
  else if (event.key === "End") go = "last";
  else if (event.key === "b" || event.key === "B" || event.key === ".") {
    handled();
    blank(state, true);
    return;
  }
  if (go === null) return;
  handled();
  state.send("go", `${go}:${Date.now()}`);  // a new value each press, so two presses are two moves
}

export default function (component) {
  const { data, setTriggerValue } = component;
  if (!LISTENING.state) window.addEventListener("keydown", onKey, true);
  LISTENING.state = { data: data || {}, send: setTriggerValue };
  document.documentElement.dataset.slideKeys = "on";  // listening (tests wait for it)
  return () => {
    delete document.documentElement.dataset.slideKeys;
    window.removeEventListener("keydown", onKey, true);
    LISTENING.state = null;
    const cover = document.getElementById("fs-blank");
    if (cover) cover.remove();
  };
}
