/**
 * The task page's replay scrubber: a range input over the task's stored
 * screens (the steps the replay shows); moving it shows that step's screen
 * and its description. Served from /assets so the CSP needs no inline script.
 */
export const REPLAY_SCRIPT = `(() => {
  const root = document.querySelector("[data-scrubber]");
  if (!root) return;
  const frames = JSON.parse(root.getAttribute("data-frames") || "[]");
  const range = root.querySelector("input[type=range]");
  const img = root.querySelector("img[data-scrub-frame]");
  const label = root.querySelector("[data-scrub-label]");
  const show = () => {
    const f = frames[Number(range.value)];
    if (!f) return;
    img.src = f.src;
    img.setAttribute("data-seq", String(f.seq));
    label.textContent = f.label;
  };
  range.addEventListener("input", show);
  show();
})();`;
