import { CellTable } from '../../../sim/collision/cell-table';
import { mulberry32 } from './mulberry32';

describe('CellTable', () => {
  it('numbers new cells 0, 1, 2 in first-seen order and finds them again', () => {
    const table = new CellTable();
    expect(table.findOrAdd(0, 0)).toBe(0);
    expect(table.findOrAdd(-1, 5)).toBe(1);
    expect(table.findOrAdd(5, -1)).toBe(2);
    expect(table.findOrAdd(-1, 5)).toBe(1);
    expect(table.find(5, -1)).toBe(2);
    expect(table.find(1, 1)).toBe(-1);
    expect(table.count).toBe(3);
    expect([table.cx(1), table.cy(1)]).toEqual([-1, 5]);
  });

  it.each([
    ['the origin', 0, 0],
    ['negative coordinates', -7, -123456],
    ['coordinates near the int32 limits the grid allows', 2 ** 30 - 1, -(2 ** 30) + 1],
    ['(3, 4), a different cell from (4, 3)', 3, 4],
    ['(4, 3) itself', 4, 3],
  ])('stores and finds %s', (_name, cx, cy) => {
    const table = new CellTable();
    table.findOrAdd(4, 3);
    const slot = table.findOrAdd(cx, cy);
    expect(table.find(cx, cy)).toBe(slot);
    expect([table.cx(slot), table.cy(slot)]).toEqual([cx, cy]);
  });

  it('keeps every mapping through repeated growth, and forgets them all on reset', () => {
    const rand = mulberry32(3);
    const table = new CellTable();
    const cells: [number, number][] = [];
    for (let i = 0; i < 5000; i++) {
      const cx = Math.floor(rand() * 400) - 200;
      const cy = Math.floor(rand() * 400) - 200;
      const slot = table.findOrAdd(cx, cy);
      if (slot === cells.length) cells.push([cx, cy]);
      else expect(cells[slot]).toEqual([cx, cy]);
    }
    expect(table.count).toBe(cells.length);
    cells.forEach(([cx, cy], slot) => expect(table.find(cx, cy)).toBe(slot));
    table.reset();
    expect(table.count).toBe(0);
    expect(table.find(cells[0][0], cells[0][1])).toBe(-1);
    expect(table.findOrAdd(9, 9)).toBe(0);
  });
});
