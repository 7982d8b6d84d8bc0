/**
 * NPY v1.0 headers (numpy's own format, https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html),
 * so the Python trainer reads shards with `np.load(path, allow_pickle=False)` and nothing else.
 *
 * Layout: magic "\x93NUMPY", version 1.0, a little-endian uint16 header length, then an ASCII
 * Python dict literal `{'descr': '<f4', 'fortran_order': False, 'shape': (E, T, 6), }` padded with
 * spaces and ended by '\n' so that magic + version + length + header is a multiple of 64 bytes
 * (the alignment numpy writes), then the raw C-order data.
 */

/** The dtypes the dataset uses: uint8 images and masks, float32 values, int16/int32 integers. */
export type NpyDescr = '|u1' | '<f4' | '<i2' | '<i4';

export const NPY_MAGIC = '\x93NUMPY';
/** numpy pads the whole preamble to this many bytes so that the data is aligned for mmap. */
const NPY_ALIGN_BYTES = 64;
/** magic (6) + version (2) + header length (2). */
const NPY_PREFIX_BYTES = 10;
/** Version 1.0 stores the header length in a uint16. */
const NPY_V1_MAX_HEADER_BYTES = 65535;

export const BYTES_PER_ITEM: Readonly<Record<NpyDescr, number>> = { '|u1': 1, '<f4': 4, '<i2': 2, '<i4': 4 };

/** Python tuple literal of a shape: (3,) for one axis, as numpy writes it. */
function shapeLiteral(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/** The full preamble (magic through the newline) of an array with this dtype and C-order shape. */
export function npyHeader(descr: NpyDescr, shape: readonly number[]): Uint8Array {
  for (const n of shape) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`npyHeader: shape entries must be integers >= 0, got (${shape.join(', ')})`);
  }
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeLiteral(shape)}, }`;
  const unpadded = NPY_PREFIX_BYTES + dict.length + 1;
  const total = Math.ceil(unpadded / NPY_ALIGN_BYTES) * NPY_ALIGN_BYTES;
  const headerLen = total - NPY_PREFIX_BYTES;
  if (headerLen > NPY_V1_MAX_HEADER_BYTES) throw new RangeError(`npyHeader: header of ${headerLen} bytes does not fit NPY v1.0`);
  const out = new Uint8Array(total);
  for (let i = 0; i < NPY_MAGIC.length; i++) out[i] = NPY_MAGIC.charCodeAt(i);
  out[6] = 1;
  out[7] = 0;
  out[8] = headerLen & 0xff;
  out[9] = headerLen >>> 8;
  const text = dict + ' '.repeat(headerLen - dict.length - 1) + '\n';
  for (let i = 0; i < text.length; i++) out[NPY_PREFIX_BYTES + i] = text.charCodeAt(i);
  return out;
}

/** Number of data bytes of an array. */
export function npyDataBytes(descr: NpyDescr, shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1) * BYTES_PER_ITEM[descr];
}

/** The bytes of a whole .npy file whose data is `data` (little-endian, C order). */
export function encodeNpy(descr: NpyDescr, shape: readonly number[], data: Uint8Array | Float32Array | Int16Array | Int32Array): Uint8Array {
  const expected = npyDataBytes(descr, shape);
  if (data.byteLength !== expected) {
    throw new RangeError(`encodeNpy: shape (${shape.join(', ')}) of ${descr} needs ${expected} bytes, data has ${data.byteLength}`);
  }
  const header = npyHeader(descr, shape);
  const out = new Uint8Array(header.length + expected);
  out.set(header, 0);
  // Node runs on little-endian hosts (x64, arm64), so typed-array bytes are already '<'.
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), header.length);
  return out;
}
