// Scroll the element with Streamlit key `data.target` into view once per new `data.token`
// (e.g. the trend just opened from a chart), so a detail drawn below the fold is seen.
const SEEN = new WeakMap();

export default function (component) {
  const data = component.data || {};
  const last = SEEN.get(component.parentElement);
  if (!data.target || !data.token || last === data.token) return;
  SEEN.set(component.parentElement, data.token);
  let tries = 0;
  const attempt = () => {
    const node = document.querySelector(`.st-key-${CSS.escape(data.target)}`);
    if (node) node.scrollIntoView({ behavior: "smooth", block: "start" });
    else if (tries++ < 20) setTimeout(attempt, 100); // the detail may be drawn a moment later
  };
  attempt();
}
