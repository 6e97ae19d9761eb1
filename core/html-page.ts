/**
 * The frame of signin-watch's self-contained HTML pages (the backtest report, the
 * coverage matrix): one file, inline CSS and SVG, no script, and a Content-Security-Policy
 * that forbids the page from loading anything, so it can be opened offline, attached to
 * a ticket or archived, and never calls out.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for element content and attribute values; every value from a record or AWS goes through it. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character]);
}

const BASE_CSS = `
:root { color-scheme: light; --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --panel: #f9fafb; }
* { box-sizing: border-box; }
body { margin: 24px; font: 14px/1.45 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 28px 0 8px; }
p { margin: 4px 0; }
.muted { color: var(--muted); }
.banner { display: inline-block; margin: 8px 0; padding: 6px 10px; border-radius: 6px; background: #ecfdf5; border: 1px solid #a7f3d0; color: #065f46; }
.problem { color: #991b1b; }
table { border-collapse: collapse; margin: 4px 0; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { font-weight: 600; background: var(--panel); }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
code { font: 12px/1.4 "DejaVu Sans Mono", Menlo, Consolas, monospace; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 16px; margin: 6px 0; }
.legend span { display: inline-flex; align-items: center; gap: 6px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; }
`;

/** A whole page: the frame, the page's own CSS and its body. */
export function htmlPage(title: string, css: string, body: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // Nothing may load: no script, no font, no image beyond inline data, no connection.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${BASE_CSS}${css}</style>`,
    '</head>',
    `<body>${body}</body>`,
    '</html>',
    '',
  ].join('\n');
}

/** A table with a header row; cells are HTML already escaped by the caller, `numbers` the right-aligned columns. */
export function htmlTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, numbers: readonly number[] = [], className = ''): string {
  const cell = (tag: 'th' | 'td', content: string, column: number) => `<${tag}${numbers.includes(column) ? ' class="number"' : ''}>${content}</${tag}>`;
  return [
    `<table${className ? ` class="${className}"` : ''}>`,
    `<thead><tr>${headers.map((header, column) => cell('th', escapeHtml(header), column)).join('')}</tr></thead>`,
    `<tbody>${rows.map((row) => `<tr>${row.map((content, column) => cell('td', content, column)).join('')}</tr>`).join('\n')}</tbody>`,
    '</table>',
  ].join('\n');
}
