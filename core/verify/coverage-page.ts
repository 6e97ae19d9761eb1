import { escapeHtml, htmlPage } from '../html-page';
import { CELL_STATES, type CellState, type CoverageMatrix } from './coverage-matrix';

/** Colour, mark and name of each state; the mark keeps the matrix readable without colour. */
export const CELL_LOOK: Record<CellState, { readonly colour: string; readonly mark: string; readonly name: string }> = {
  covered: { colour: '#16a34a', mark: '✓', name: 'covered' },
  missing: { colour: '#dc2626', mark: '✗', name: 'missing' },
  outdated: { colour: '#f59e0b', mark: '↻', name: 'outdated' },
  failed: { colour: '#7f1d1d', mark: '!', name: 'failed' },
  'not-enabled': { colour: '#d1d5db', mark: '–', name: 'region not enabled' },
  'not-checked': { colour: '#f3f4f6', mark: '?', name: 'not checked' },
};

const CSS = `
.summary { font-weight: 600; margin: 8px 0 12px; }
.summary.gaps { color: #991b1b; }
.matrix { border-collapse: separate; border-spacing: 2px; }
.matrix th, .matrix td { border: 0; padding: 0; background: none; }
.matrix th.region { height: 96px; vertical-align: bottom; font: 11px/1 "DejaVu Sans Mono", monospace; font-weight: normal; color: var(--muted); }
.matrix th.region span { display: inline-block; writing-mode: vertical-rl; transform: rotate(180deg); padding: 4px 0; }
.matrix th.account { text-align: left; padding-right: 10px; font: 12px "DejaVu Sans Mono", monospace; white-space: nowrap; }
.matrix td.cell { width: 22px; height: 22px; min-width: 22px; text-align: center; font-size: 12px; border-radius: 3px; color: #fff; cursor: help; }
${CELL_STATES.map((state) => `.cell.${state}, .swatch.${state} { background: ${CELL_LOOK[state].colour}; }`).join('\n')}
.cell.not-enabled, .cell.not-checked { color: #4b5563; }
.cell.not-checked { outline: 1px dashed #9ca3af; outline-offset: -1px; }
`;

/** The coverage matrix as one self-contained page: the summary line, a legend with counts, and one cell per account and region. */
export function renderCoveragePage(matrix: CoverageMatrix): string {
  const counts = new Map<CellState, number>();
  for (const row of matrix.rows) for (const cell of row.cells) counts.set(cell.state, (counts.get(cell.state) ?? 0) + 1);
  const gaps = matrix.notes.length > 0 || (['missing', 'failed', 'outdated'] as const).some((state) => counts.has(state));
  const legend = CELL_STATES.map((state) => `<span><i class="swatch ${state}"></i>${escapeHtml(CELL_LOOK[state].name)} ${counts.get(state) ?? 0}</span>`).join('');
  const header = `<tr><th></th>${matrix.regions.map((region) => `<th class="region"><span>${escapeHtml(region)}</span></th>`).join('')}</tr>`;
  const rows = matrix.rows.map(
    (row) =>
      `<tr><th class="account" scope="row">${escapeHtml(row.label)}</th>${row.cells
        .map(
          (cell, index) =>
            `<td class="cell ${cell.state}" data-region="${escapeHtml(matrix.regions[index])}" title="${escapeHtml(`${row.label} ${matrix.regions[index]}: ${cell.detail}`)}">${CELL_LOOK[cell.state].mark}</td>`,
        )
        .join('')}</tr>`,
  );
  const body = [
    `<h1>${escapeHtml(matrix.title)}</h1>`,
    `<p class="summary${gaps ? ' gaps' : ''}">${escapeHtml(matrix.summary)}</p>`,
    `<div class="legend">${legend}</div>`,
    '<p class="muted">Hover over a cell for what the doctor found there and the command that fixes it.</p>',
    `<table class="matrix"><thead>${header}</thead><tbody>${rows.join('\n')}</tbody></table>`,
    ...(matrix.notes.length === 0 ? [] : ['<h2>Not tied to one cell</h2>', `<ul>${matrix.notes.map((note) => `<li class="problem">${escapeHtml(note)}</li>`).join('')}</ul>`]),
  ];
  return htmlPage(matrix.title, CSS, body.join('\n'));
}
