import { encodeNpy, npyHeader, type NpyDescr } from '../../../model/dataset/npy';
import { parseNpy } from './npy-reader';

describe('npyHeader', () => {
  it('writes the magic, version 1.0, the header length and the dict numpy expects', () => {
    const h = npyHeader('|u1', [2, 3]);
    expect(h.length).toBe(128); // 10 + 59-char dict + newline = 70, padded to 128
    expect(String.fromCharCode(...h.subarray(0, 6))).toBe('\x93NUMPY');
    expect([h[6], h[7]]).toEqual([1, 0]);
    expect(h[8] | (h[9] << 8)).toBe(118);
    const text = String.fromCharCode(...h.subarray(10));
    expect(text.startsWith("{'descr': '|u1', 'fortran_order': False, 'shape': (2, 3), }")).toBe(true);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('writes a one-axis shape as a one-element tuple', () => {
    expect(String.fromCharCode(...npyHeader('<f4', [5]))).toContain("'shape': (5,)");
  });

  it('refuses negative or fractional shape entries', () => {
    expect(() => npyHeader('<f4', [2, -1])).toThrow(/shape entries/);
    expect(() => npyHeader('<f4', [1.5])).toThrow(/shape entries/);
  });
});

describe('encodeNpy', () => {
  const cases: [NpyDescr, number[], Uint8Array | Float32Array | Int16Array | Int32Array][] = [
    ['|u1', [2, 2, 3], Uint8Array.from({ length: 12 }, (_, i) => i * 20)],
    ['<f4', [3, 2], Float32Array.from([0.5, -1, 3.25, 1e6, -0, 7])],
    ['<i2', [4], Int16Array.from([-1, 0, 32767, -32768])],
    ['<i4', [1, 3], Int32Array.from([-5, 100000, 7])],
    ['<f4', [0, 4], new Float32Array(0)],
  ];
  it.each(cases)('round-trips %s %j through the reader with a 64-byte aligned header', (descr, shape, data) => {
    const parsed = parseNpy(encodeNpy(descr, shape, data));
    expect(parsed.descr).toBe(descr);
    expect(parsed.fortranOrder).toBe(false);
    expect(parsed.shape).toEqual(shape);
    expect(Array.from(parsed.data)).toEqual(Array.from(data));
    expect(parsed.headerBytes % 64).toBe(0);
  });

  it('refuses data whose size does not match the shape', () => {
    expect(() => encodeNpy('<f4', [2, 2], new Float32Array(3))).toThrow(/needs 16 bytes, data has 12/);
  });
});
