import { describe, expect, it } from 'vitest';
import { renderTable } from '../src/report/table.js';

describe('renderTable', () => {
  it('pads columns and marks right-aligned ones in the rule', () => {
    const table = renderTable(
      [
        { header: 'impl', align: 'left' },
        { header: 'RT/s', align: 'right' },
      ],
      [
        ['sgc', '12,345'],
        ['ws', '9'],
      ],
    );
    expect(table.split('\n')).toEqual(['| impl |   RT/s |', '|------|-------:|', '| sgc  | 12,345 |', '| ws   |      9 |']);
  });
});
