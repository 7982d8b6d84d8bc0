/**
 * The byte sinks and sources @mcap/core needs, over files: a synchronous appending writer (so an
 * McapWriter buffer is on disk before the writer reuses it) and a random-access reader.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { IReadable, IWritable } from '@mcap/core';

/** Appends to a new file (truncating any stale one); position() is the bytes written so far. */
export class FileWritable implements IWritable {
  #fd: number | null;
  #position = 0n;

  constructor(readonly path: string) {
    this.#fd = openSync(path, 'w');
  }

  async write(buffer: Uint8Array): Promise<void> {
    this.writeNow(buffer);
  }

  /** Writes every byte of `buffer` before returning. */
  writeNow(buffer: Uint8Array): void {
    if (this.#fd === null) throw new Error(`${this.path}: write after close`);
    let done = 0;
    while (done < buffer.byteLength) done += writeSync(this.#fd, buffer, done, buffer.byteLength - done);
    this.#position += BigInt(buffer.byteLength);
  }

  position(): bigint {
    return this.#position;
  }

  /** Flushes to the disk (fsync) and closes; safe to call twice. */
  close(sync: boolean): void {
    if (this.#fd === null) return;
    const fd = this.#fd;
    this.#fd = null;
    try {
      if (sync) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

/** Random-access reads of a file for McapIndexedReader. */
export class FileReadable implements IReadable {
  #bytesRead = 0;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly sizeBytes: bigint,
  ) {}

  static async open(path: string): Promise<FileReadable> {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      return new FileReadable(path, handle, BigInt(size));
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async size(): Promise<bigint> {
    return this.sizeBytes;
  }

  async read(offset: bigint, size: bigint): Promise<Uint8Array> {
    if (offset < 0n || size < 0n || offset + size > this.sizeBytes) {
      throw new RangeError(`${this.path}: read of ${size} bytes at ${offset} is beyond the end of the file (${this.sizeBytes} bytes)`);
    }
    const out = new Uint8Array(Number(size));
    let done = 0;
    while (done < out.length) {
      const { bytesRead } = await this.handle.read(out, done, out.length - done, Number(offset) + done);
      if (bytesRead === 0) throw new RangeError(`${this.path}: the file ended while reading at ${Number(offset) + done}`);
      done += bytesRead;
    }
    this.#bytesRead += out.length;
    return out;
  }

  /** Bytes handed out by read() so far. */
  get bytesRead(): number {
    return this.#bytesRead;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
