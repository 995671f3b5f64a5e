/** The dashboard's one stylesheet: light, readable on a phone, printable invite cards. */
export const STYLES = `
:root { color-scheme: light; --ink:#0f172a; --muted:#4b5563; --field:#6b7280; --line:#e2e8f0; --accent:#4f46e5; --bad:#b91c1c; --ok:#15803d; --bg:#f8fafc; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color:var(--ink); background:var(--bg); }
header.top { display:flex; flex-wrap:wrap; gap:.5rem 1rem; align-items:center; padding:.6rem 1rem; background:var(--card, #fff); border-bottom:1px solid var(--line); }
header.top .brand { font-weight:700; text-decoration:none; color:var(--ink); }
header.top nav { display:flex; flex-wrap:wrap; align-items:center; gap:.25rem .75rem; flex:1; }
header.top nav a { color:var(--muted); text-decoration:none; }
header.top nav a.here { color:var(--accent); font-weight:600; }
main { max-width:1080px; margin:0 auto; padding:1rem; }
h1 { font-size:1.4rem; margin:.25rem 0 1rem; }
h2 { font-size:1.1rem; margin:1.5rem 0 .5rem; }
a { color:var(--accent); }
.muted { color:var(--muted); }
.cards { display:grid; grid-template-columns:repeat(auto-fill, minmax(220px, 1fr)); gap:.75rem; }
.card { background:var(--card, #fff); border:1px solid var(--line); border-radius:10px; padding:.8rem 1rem; }
.stat { font-size:1.6rem; font-weight:700; }
table { width:100%; border-collapse:collapse; background:var(--card, #fff); border:1px solid var(--line); border-radius:10px; overflow:hidden; }
th, td { text-align:left; padding:.45rem .6rem; border-bottom:1px solid var(--line); vertical-align:top; }
th { font-size:.8rem; text-transform:uppercase; letter-spacing:.03em; color:var(--muted); }
.table-wrap { overflow-x:auto; }
.badge { display:inline-block; padding:0 .45rem; border-radius:99px; font-size:.8rem; background:#eef2ff; color:var(--accent); }
.badge.suspended, .badge.failed, .badge.denied { background:#fee2e2; color:var(--bad); }
.badge.succeeded, .badge.approved, .badge.active, .badge.running { background:#dcfce7; color:var(--ok); }
form.inline { display:inline; }
button, .button { font:inherit; padding:.35rem .8rem; border-radius:8px; border:1px solid var(--accent); background:var(--accent); color:#fff; cursor:pointer; text-decoration:none; display:inline-block; }
button.secondary, .button.secondary { background:#fff; color:var(--accent); }
button.danger { background:var(--bad); border-color:var(--bad); }
input, select, textarea { font:inherit; padding:.35rem .5rem; border:1px solid var(--field); border-radius:8px; max-width:100%; }
label { display:block; margin:.5rem 0 .2rem; }
.notice { padding:.6rem .9rem; border-radius:8px; background:#fef9c3; margin:.5rem 0 1rem; }
.live { display:grid; grid-template-columns:minmax(0, 3fr) minmax(220px, 1fr); gap:1rem; }
@media (max-width: 760px) { .live { grid-template-columns:1fr; } }
.screen { background:#111827; border-radius:10px; overflow:hidden; aspect-ratio:16/9; display:flex; align-items:center; justify-content:center; color:#9ca3af; }
.screen img { width:100%; height:100%; object-fit:contain; display:block; }
.live-status { font-size:.85rem; }
.screen.controlling { outline:3px solid #f59e0b; cursor:crosshair; touch-action:manipulation; }
.web-app-panel { margin-top:1rem; max-width:420px; }
.web-app-panel iframe { width:100%; height:720px; border:1px solid var(--line); border-radius:10px; background:#fff; }
.control [hidden] { display:none !important; }
.control .row { display:flex; gap:.5rem; flex-wrap:wrap; margin:.5rem 0; }
.control .row input { flex:1 1 12rem; min-width:0; }
.control .keys button { min-width:2.75rem; min-height:2.75rem; }
.msg img.media, .msg video.media { max-width:100%; border-radius:8px; display:block; margin-bottom:.3rem; }
.msg a.document { display:inline-block; margin-bottom:.3rem; }
img.replay { max-width:100%; border-radius:6px; border:1px solid var(--line); display:block; }
.timeline { list-style:none; padding:0; margin:0; }
.timeline li { background:#fff; border:1px solid var(--line); border-radius:10px; padding:.6rem .8rem; margin-bottom:.6rem; }
.timeline img { width:100%; max-width:480px; border-radius:6px; border:1px solid var(--line); display:block; margin-top:.4rem; }
.chart { margin:0; }
.chart svg { width:100%; height:auto; background:#fff; border:1px solid var(--line); border-radius:10px; }
.qr { background:#fff; display:inline-block; padding:.5rem; border-radius:10px; border:1px solid var(--line); }
.qr svg { width:240px; height:240px; display:block; }
.print-card { max-width:420px; margin:1rem auto; text-align:center; background:#fff; border:2px dashed var(--line); border-radius:14px; padding:1.5rem; }
.print-card .qr svg { width:300px; height:300px; }
.link { word-break:break-all; font-family:ui-monospace, monospace; font-size:.85rem; }
.chat { display:flex; flex-direction:column; height:calc(100vh - 9rem); min-height:420px; background:#fff; border:1px solid var(--line); border-radius:10px; }
.chat .messages { flex:1; overflow-y:auto; padding:.75rem; display:flex; flex-direction:column; gap:.4rem; }
.msg { max-width:80%; padding:.45rem .7rem; border-radius:12px; white-space:pre-wrap; word-wrap:break-word; }
.msg.bot { align-self:flex-start; background:#f1f5f9; }
.msg.user { align-self:flex-end; background:#e0e7ff; }
.msg img.photo { display:block; max-width:100%; border-radius:8px; margin-bottom:.3rem; }
.msg .buttons { display:flex; flex-wrap:wrap; gap:.3rem; margin-top:.4rem; }
.msg .buttons button, .msg .buttons a { font-size:.85rem; padding:.2rem .6rem; }
.chat form { display:flex; gap:.5rem; padding:.5rem; border-top:1px solid var(--line); }
.chat form input { flex:1; }
.personas, .commands { display:flex; flex-wrap:wrap; gap:.3rem .5rem; align-items:center; }
.personas .button, .commands button { font-size:.85rem; padding:.2rem .6rem; }
.personas .button.here { background:var(--accent); color:#fff; }
label.inline { display:inline; margin:0; }
.visually-hidden { position:absolute !important; width:1px; height:1px; padding:0; margin:-1px; overflow:hidden; clip:rect(0 0 0 0); white-space:nowrap; border:0; }
header.top nav a[aria-current] { color:var(--accent); font-weight:600; text-decoration:underline; text-underline-offset:.3em; }
nav.tabs { display:flex; flex-wrap:wrap; gap:.25rem 1rem; margin:.25rem 0 1rem; }
nav.tabs a { padding:.2rem 0; text-decoration:none; border-bottom:3px solid transparent; }
nav.tabs a[aria-current] { color:var(--ink); font-weight:700; border-bottom-color:var(--accent); }
:focus-visible { outline:3px solid var(--accent); outline-offset:2px; }
.error-page { max-width:560px; margin:3rem auto; text-align:center; }
.error-page .code { font-size:3rem; font-weight:800; color:var(--accent); margin:0; }
.empty { text-align:center; padding:1.5rem 1rem; border:1px dashed var(--field); border-radius:10px; background:#fff; }
@media (max-width: 600px) {
  table.stack thead { display:none; }
  table.stack tr { display:block; border-bottom:1px solid var(--line); padding:.4rem 0; }
  table.stack td { display:flex; justify-content:space-between; gap:1rem; border:none; padding:.2rem .6rem; }
  table.stack td[data-label]::before { content:attr(data-label); color:var(--muted); font-size:.85rem; }
  table.stack td.title { display:block; font-weight:600; }
}
@media print { header.top, .no-print { display:none !important; } body { background:#fff; } .print-card { border:none; } }
`;
