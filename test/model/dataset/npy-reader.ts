/** A minimal NPY v1.0 reader for the tests: parses the header dict and returns a typed view of the data. */
import { readFileSync } from 'node:fs';

export interface NpyArray {
  readonly descr: string;
  readonly fortranOrder: boolean;
  readonly shape: number[];
  readonly data: Uint8Array | Float32Array | Int16Array | Int32Array;
  readonly headerBytes: number;
}

export function parseNpy(bytes: Uint8Array): NpyArray {
  const magic = String.fromCharCode(...bytes.subarray(0, 6));
  if (magic !== '\x93NUMPY') throw new Error('not an NPY file: bad magic');
  if (bytes[6] !== 1 || bytes[7] !== 0) throw new Error(`unsupported NPY version ${bytes[6]}.${bytes[7]}`);
  const headerLen = bytes[8] | (bytes[9] << 8);
  const header = String.fromCharCode(...bytes.subarray(10, 10 + headerLen));
  const descr = /'descr': '([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order': (True|False)/.exec(header)?.[1];
  const shapeText = /'shape': \(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw new Error(`bad NPY header: ${header}`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  const start = 10 + headerLen;
  const count = shape.reduce((a, b) => a * b, 1);
  const copy = bytes.slice(start); // aligned copy for the typed views
  const data =
    descr === '|u1' ? new Uint8Array(copy.buffer, 0, count)
    : descr === '<f4' ? new Float32Array(copy.buffer, 0, count)
    : descr === '<i2' ? new Int16Array(copy.buffer, 0, count)
    : descr === '<i4' ? new Int32Array(copy.buffer, 0, count)
    : null;
  if (data === null) throw new Error(`unsupported descr ${descr}`);
  const itemBytes = data.BYTES_PER_ELEMENT;
  if (copy.length !== count * itemBytes) throw new Error(`data has ${copy.length} bytes, shape needs ${count * itemBytes}`);
  return { descr, fortranOrder: fortran === 'True', shape, data, headerBytes: start };
}

export function readNpy(path: string): NpyArray {
  return parseNpy(new Uint8Array(readFileSync(path)));
}
