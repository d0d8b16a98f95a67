// Streamlit's own English in the Swedish interface (the sidebar button, the file uploader, the
// "Select all" of a multiselect...) has no setting; this replaces those exact strings in the
// page's text and in aria-label, title and placeholder attributes, also in parts drawn later.
// Only the strings listed in `data.words` are touched, so user text is never changed.

const WATCHERS = new WeakMap();
const ATTRIBUTES = ["aria-label", "title", "placeholder", "data-title"];

function translateText(value, words, patterns) {
  if (!value) return null;
  const trimmed = value.trim();
  if (Object.prototype.hasOwnProperty.call(words, trimmed)) return value.replace(trimmed, words[trimmed]);
  for (const [pattern, replacement] of patterns) {
    if (pattern.test(value)) return value.replace(pattern, replacement);
  }
  return null;
}

function translate(root, words, patterns) {
  if (!root || root.nodeType !== 1) return;
  for (const node of [root, ...root.querySelectorAll("[aria-label], [title], [placeholder], [data-title]")]) {
    for (const name of ATTRIBUTES) {
      const shown = translateText(node.getAttribute(name), words, patterns);
      if (shown !== null) node.setAttribute(name, shown);
    }
  }
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const shown = translateText(text.nodeValue, words, patterns);
    if (shown !== null) text.nodeValue = shown;
  }
}

export default function (component) {
  const data = component.data || {};
  const words = data.words || {};
  const patterns = (data.patterns || []).map(([source, replacement]) => [new RegExp(source), replacement]);
  const previous = WATCHERS.get(document);
  if (previous) previous.disconnect();
  if (!Object.keys(words).length && !patterns.length) return;
  translate(document.body, words, patterns);
  const observer = new MutationObserver((changes) => {
    observer.disconnect();
    for (const change of changes) {
      if (change.type === "characterData") translate(change.target.parentElement, words, patterns);
      else if (change.type === "attributes") translate(change.target, words, patterns);
      else for (const node of change.addedNodes) translate(node.nodeType === 3 ? node.parentElement : node, words, patterns);
    }
    observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ATTRIBUTES });
  });
  observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ATTRIBUTES });
  WATCHERS.set(document, observer);
}
