/**
 * Renders rows as a Markdown pipe table with padded columns: readable in a
 * terminal and pasteable into an issue as is.
 *
 * @module
 */

/** Column alignment: numbers right, words left. */
export type Align = 'left' | 'right';

/** A column: its header and alignment. */
export interface Column {
  readonly header: string;
  readonly align: Align;
}

/**
 * Renders a table.
 *
 * @param columns - headers and alignment
 * @param rows - cell texts, one array per row, in column order
 * @returns the table, lines joined with `\n`
 */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((column, i) => Math.max(column.header.length, 3, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    '| ' + columns.map((column, i) => pad(cells[i] ?? '', widths[i]!, column.align)).join(' | ') + ' |';
  const rule = '|' + columns.map((column, i) => (column.align === 'right' ? '-'.repeat(widths[i]! + 1) + ':' : '-'.repeat(widths[i]! + 2))).join('|') + '|';
  return [line(columns.map((c) => c.header)), rule, ...rows.map(line)].join('\n');
}

function pad(text: string, width: number, align: Align): string {
  return align === 'right' ? text.padStart(width) : text.padEnd(width);
}
