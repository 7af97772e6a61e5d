import type { Figure } from './charts.js';

/** Escapes text for HTML. Every value from the store passes through here. */
export function esc(v: unknown): string {
  return String(v ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export function figureHtml(f: Figure): string {
  return `<figure class="chart" id="${esc(f.id)}" data-chart="${esc(f.id)}" data-points="${f.points}">
  <figcaption>${esc(f.title)}</figcaption>
  ${f.points > 0 ? f.svg : '<p class="empty">—</p>'}
  ${f.caption ? `<p class="note">${esc(f.caption)}</p>` : ''}
</figure>`;
}

export function tableHtml(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>, numeric: readonly boolean[] = []): string {
  const cell = (v: string | number | null, i: number) => `<td${numeric[i] ? ' class="num"' : ''}>${esc(typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: Number.isInteger(v) ? 0 : 2 }) : v)}</td>`;
  return `<table><thead><tr>${headers.map((h, i) => `<th${numeric[i] ? ' class="num"' : ''}>${esc(h)}</th>`).join('')}</tr></thead>
<tbody>${rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('\n')}</tbody></table>`;
}

export interface Kpi {
  readonly label: string;
  readonly value: string;
  readonly sub?: string;
  readonly tone?: 'good' | 'bad';
}

export function kpisHtml(kpis: readonly Kpi[]): string {
  return `<div class="kpis">${kpis.map((k) => `<div class="kpi${k.tone ? ` ${k.tone}` : ''}"><div class="kpi-label">${esc(k.label)}</div><div class="kpi-value">${esc(k.value)}</div>${k.sub ? `<div class="kpi-sub">${esc(k.sub)}</div>` : ''}</div>`).join('')}</div>`;
}

const CSS = `
:root { --ink:#1d2733; --muted:#5b6b7c; --line:#e3e8ee; --accent:#1f5fa8; --bad:#c23b3b; --good:#2f8a50; }
* { box-sizing: border-box; }
body { margin:0; font-family: 'Noto Sans CJK SC','Noto Sans SC','PingFang SC','Microsoft YaHei','Helvetica Neue',Arial,sans-serif; color:var(--ink); background:#f6f8fa; }
header { background:#14324f; color:#fff; padding:28px 40px 22px; }
header h1 { margin:0 0 6px; font-size:26px; font-weight:600; }
header p { margin:0; color:#c9d6e3; font-size:14px; }
main { max-width:1180px; margin:0 auto; padding:24px 32px 48px; }
section { background:#fff; border:1px solid var(--line); border-radius:10px; padding:20px 24px; margin:0 0 20px; }
section h2 { margin:0 0 12px; font-size:19px; }
section h3 { margin:18px 0 8px; font-size:15px; color:var(--muted); }
.summary ul { margin:0; padding-left:20px; line-height:1.7; }
.kpis { display:grid; grid-template-columns:repeat(auto-fit,minmax(170px,1fr)); gap:12px; margin-bottom:4px; }
.kpi { border:1px solid var(--line); border-radius:8px; padding:12px 14px; }
.kpi-label { color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:.03em; }
.kpi-value { font-size:24px; font-weight:600; margin-top:4px; }
.kpi-sub { color:var(--muted); font-size:12px; margin-top:2px; }
.kpi.bad .kpi-value { color:var(--bad); } .kpi.good .kpi-value { color:var(--good); }
.grid2 { display:grid; grid-template-columns:repeat(auto-fit,minmax(460px,1fr)); gap:16px; align-items:start; }
figure.chart { margin:0; } figure.chart svg { max-width:100%; height:auto; }
figcaption { font-weight:600; font-size:14px; margin-bottom:6px; }
.note { color:var(--muted); font-size:12.5px; margin:6px 0 0; }
table { border-collapse:collapse; width:100%; font-size:13px; }
th, td { padding:6px 8px; border-bottom:1px solid var(--line); text-align:left; }
th { color:var(--muted); font-weight:600; background:#fafbfc; }
td.num, th.num { text-align:right; font-variant-numeric: tabular-nums; }
.empty { color:var(--muted); }
footer { color:var(--muted); font-size:12px; text-align:center; padding:8px 0 24px; }
@media print { body { background:#fff; } section { break-inside: avoid; } }
`;

/** One self-contained HTML page: inline CSS and SVG, no script, no external resource. */
export function pageHtml(opts: { lang: string; title: string; subtitle: string; sections: readonly string[]; footer: string }): string {
  return `<!doctype html>
<html lang="${esc(opts.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(opts.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>${esc(opts.title)}</h1><p>${esc(opts.subtitle)}</p></header>
<main>
${opts.sections.join('\n')}
</main>
<footer>${esc(opts.footer)}</footer>
</body>
</html>
`;
}
