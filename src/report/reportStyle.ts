/** The report's stylesheet, inlined so the file opens anywhere with no network. */
export const REPORT_CSS = `
:root{--ink:#1f2937;--muted:#6b7280;--line:#e5e7eb;--bg:#f6f7f9;--card:#fff;--accent:#0f766e}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 "DejaVu Sans",system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
header.top{background:#111827;color:#f9fafb;padding:18px 32px;display:flex;align-items:baseline;gap:18px;flex-wrap:wrap}
header.top h1{margin:0;font-size:20px;letter-spacing:.3px}
header.top h1 span{color:#5eead4}
header.top p{margin:0;color:#cbd5e1;font-size:13px}
main{max-width:1240px;margin:0 auto;padding:20px 24px 48px}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 22px;margin:0 0 20px}
h2{font-size:18px;margin:0 10px 0 0;display:inline-block}
h3{font-size:13px;text-transform:uppercase;letter-spacing:.6px;color:var(--muted);margin:20px 0 8px}
h4{font-size:13px;margin:12px 0 4px;font-weight:600}
.meta{color:var(--muted);margin:4px 0 0;font-size:12px;word-break:break-all}
.reason{margin:12px 0 4px;font-size:15px}
.target{margin:0;color:var(--accent);font-weight:600}
.badge{display:inline-block;white-space:nowrap;border-radius:999px;padding:1px 9px;margin:0 4px 0 0;font-size:12px;font-weight:600;color:var(--c);background:color-mix(in srgb,var(--c) 13%,white);border:1px solid color-mix(in srgb,var(--c) 40%,white);vertical-align:2px}
.tiles{display:grid;grid-template-columns:repeat(6,1fr);gap:10px;margin:14px 0}
.tile{border:1px solid var(--line);border-radius:8px;padding:10px 12px}
.tile b{display:block;font-size:24px}
.tile span{color:var(--muted);font-size:12px}
.tile.good b{color:#15803d}.tile.bad b{color:#b91c1c}
.dists{display:grid;grid-template-columns:1fr 1fr;gap:24px}
figure{margin:0}
figcaption{font-size:12px;color:var(--muted);margin:0 0 6px;display:flex;justify-content:space-between;gap:8px}
figcaption b{color:var(--ink)}
.zones{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:14px}
.zone{border:1px solid var(--line);border-radius:8px;padding:10px 10px 4px}
.chart{width:100%;height:auto;display:block;font-family:inherit}
.timeline-chart{max-width:1000px}
.count-chart{max-width:460px}
.legend{display:flex;gap:16px;flex-wrap:wrap;font-size:12px;margin:0 0 10px}
.key i{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:5px;vertical-align:-1px}
.key i.tgt{background:#fde68a;border:1px dashed #b45309}
.key small{color:var(--muted)}
table{border-collapse:collapse;width:100%;font-size:12.5px}
th{text-align:left;color:var(--muted);font-weight:600;border-bottom:1px solid var(--line);padding:6px 8px}
td{border-bottom:1px solid #f1f2f4;padding:6px 8px;vertical-align:top;overflow-wrap:anywhere}
td.num{text-align:right}
.nw{white-space:nowrap}
td:first-child{white-space:nowrap}
table.episodes td:nth-child(4){min-width:230px}
.mono{font-family:"DejaVu Sans Mono",ui-monospace,monospace;font-size:12px;white-space:nowrap}
a{color:#0f766e}
details{margin-top:16px}
summary{cursor:pointer;color:var(--muted);font-weight:600}
li.problem{color:#b91c1c}
.empty{color:var(--muted);font-style:italic}
nav{font-size:12px;color:var(--muted);margin:0 0 14px}
`;
