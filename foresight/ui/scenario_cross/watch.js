// Hands the stored revision of a cross (read on the server every second) to the cross drawn on this
// page (cross.js), which asks for a redraw only when it differs from the one it drew; a report of a
// revision the page has not drawn carries the stored positions, which the board shows at once. No UI.
export default function (component) {
  const data = component.data || {};
  if (data.cross === undefined || data.cross === null || !data.revision) return;
  const known = (window.__framsynCrossRevisions = window.__framsynCrossRevisions || {});
  known[data.cross] = data.revision;
  const detail = { cross: data.cross, revision: data.revision, cards: data.cards || null };
  window.dispatchEvent(new CustomEvent("framsyn-cross-revision", { detail }));
}
