/**
 * Request and response bodies in JSON or protobuf: requests by Content-Type, responses by Accept
 * (protobuf only when the client asks for `application/x-protobuf`; JSON otherwise). Errors are
 * always JSON. JSON bodies use the protobuf field names (server-protocol.ts), so both encodings
 * carry the same message.
 */
import type { Request, Response } from 'express';
import { HttpError } from './http-error';
import { bytesOfJson, jsonOfBytes, stringifyJson } from './server-protocol';

export const PROTOBUF_TYPE = 'application/x-protobuf';
export const JSON_TYPE = 'application/json';

export type BodyFormat = 'json' | 'protobuf' | 'text';

export function requestFormat(req: Request): BodyFormat {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type === PROTOBUF_TYPE || type === 'application/protobuf') return 'protobuf';
  if (type === JSON_TYPE || type === '') return 'json';
  if (type.startsWith('text/') || type === 'application/yaml' || type === 'application/x-yaml') return 'text';
  throw new HttpError(415, `unsupported Content-Type '${type}' (use ${JSON_TYPE} or ${PROTOBUF_TYPE})`);
}

function rawBody(req: Request): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

/** A JSON body (parsed) ; 400 with the parser's message when it is not JSON. */
export function jsonBody(req: Request): unknown {
  const raw = rawBody(req);
  if (raw.length === 0) throw new HttpError(400, 'empty request body (expected JSON)');
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new HttpError(400, `malformed JSON: ${(error as Error).message}`);
  }
}

export function textBody(req: Request): string {
  return rawBody(req).toString('utf8');
}

/** Protobuf bytes of message `name` from either encoding. */
export function messageBytes(req: Request, name: string): Uint8Array {
  const format = requestFormat(req);
  if (format === 'protobuf') return new Uint8Array(rawBody(req));
  if (format === 'text') throw new HttpError(415, `send ${name} as ${JSON_TYPE} or ${PROTOBUF_TYPE}`);
  return bytesOfJson(name, jsonBody(req));
}

export function wantsProtobuf(req: Request): boolean {
  const accept = req.headers.accept ?? '';
  return accept.includes(PROTOBUF_TYPE) || accept.includes('application/protobuf');
}

/** Sends protobuf bytes of message `name` as they are, or as JSON. */
export function sendMessage(req: Request, res: Response, name: string, bytes: Uint8Array, status = 200): void {
  if (wantsProtobuf(req)) {
    res.status(status).type(PROTOBUF_TYPE).send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return;
  }
  res.status(status).type(JSON_TYPE).send(stringifyJson(jsonOfBytes(name, bytes)));
}
