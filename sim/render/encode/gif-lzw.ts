/**
 * The variable-length LZW code stream of a GIF image (GIF89a specification, appendix F): codes of
 * minCodeSize + 1 to 12 bits, packed least-significant bit first, a clear code first and whenever
 * the 4096-entry table fills, the end-of-information code last. The code-size and table-full
 * rules follow the decoder exactly (it widens codes once its next free code reaches 2^size), as
 * in omggif's GifWriterOutputLZWCodeStream.
 */

const MAX_CODE = 4096;

/** LZW-compresses palette indices (each < 2^minCodeSize) into the raw (un-blocked) code stream. */
export function lzwEncode(indices: Uint8Array, minCodeSize: number): Uint8Array {
  if (!Number.isInteger(minCodeSize) || minCodeSize < 2 || minCodeSize > 8) {
    throw new RangeError(`lzwEncode: minCodeSize must be 2..8 (got ${minCodeSize})`);
  }
  const clearCode = 1 << minCodeSize;
  const eoiCode = clearCode + 1;
  const out: number[] = [];
  let bitBuffer = 0;
  let bitCount = 0;
  let codeSize = minCodeSize + 1;
  const emit = (code: number): void => {
    bitBuffer |= code << bitCount;
    bitCount += codeSize;
    while (bitCount >= 8) {
      out.push(bitBuffer & 0xff);
      bitBuffer >>>= 8;
      bitCount -= 8;
    }
  };
  // (prefix code << 8 | next index) -> code; Int16 table over the 2^20 possible keys, -1 = none.
  const table = new Int16Array(MAX_CODE << 8).fill(-1);
  const written: number[] = [];
  let nextCode = eoiCode + 1;
  emit(clearCode);
  if (indices.length === 0) {
    emit(eoiCode);
    if (bitCount > 0) out.push(bitBuffer & 0xff);
    return Uint8Array.from(out);
  }
  let prefix = indices[0];
  for (let i = 1; i < indices.length; i++) {
    const k = indices[i];
    if (k >= clearCode) throw new RangeError(`lzwEncode: index ${k} at ${i} does not fit ${minCodeSize} bits`);
    const key = (prefix << 8) | k;
    const code = table[key];
    if (code >= 0) {
      prefix = code;
      continue;
    }
    emit(prefix);
    if (nextCode === MAX_CODE) {
      emit(clearCode);
      for (const w of written) table[w] = -1;
      written.length = 0;
      nextCode = eoiCode + 1;
      codeSize = minCodeSize + 1;
    } else {
      if (nextCode >= 1 << codeSize) codeSize++;
      table[key] = nextCode++;
      written.push(key);
    }
    prefix = k;
  }
  emit(prefix);
  emit(eoiCode);
  if (bitCount > 0) out.push(bitBuffer & 0xff);
  return Uint8Array.from(out);
}
