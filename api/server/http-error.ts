/**
 * The one error of the HTTP layer, and the one place errors become responses. Every error body is
 * `{ error: { message, field? } }`; a stack trace never reaches a client (unexpected errors are
 * logged on the server and answered with a generic 500).
 */
import type { ErrorRequestHandler } from 'express';
import { SpecError, formatIssue } from '../../scenarios/errors';
import { ProtoDecodeError } from '../proto/proto-error';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The request field at fault (`action.accel_steer.accel_mps2`, `name`), when there is one. */
    readonly field?: string,
    /** Extra JSON the body carries next to message and field (e.g. every spec issue). */
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface ErrorBody {
  readonly error: { readonly message: string; readonly field?: string } & Readonly<Record<string, unknown>>;
}

/** body-parser's errors carry `status` and `type` ('entity.too.large', 'encoding.unsupported', ...). */
function parserError(error: unknown): HttpError | null {
  const e = error as { status?: unknown; type?: unknown; limit?: unknown; message?: unknown };
  if (typeof e?.status !== 'number' || typeof e.type !== 'string') return null;
  if (e.type === 'entity.too.large') return new HttpError(413, `request body too large (limit ${String(e.limit)} bytes)`);
  const status = e.status >= 400 && e.status < 500 ? e.status : 400;
  return new HttpError(status, `cannot read the request body (${e.type})`);
}

/** Any thrown value as an HttpError: ours as they are, known domain errors as 4xx, the rest 500. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof ProtoDecodeError) return new HttpError(400, error.message, error.field === '' ? undefined : error.field);
  if (error instanceof SpecError) {
    const issues = error.issues.filter((i) => i.severity === 'error');
    const first = issues[0];
    return new HttpError(422, first ? formatIssue(first) : error.message, first?.path, {
      issues: issues.map((i) => ({ path: i.path, line: i.line, col: i.col, message: i.message })),
    });
  }
  return parserError(error) ?? new HttpError(500, 'internal server error');
}

export function errorBody(error: HttpError): ErrorBody {
  return { error: { ...(error.details ?? {}), message: error.message, ...(error.field === undefined ? {} : { field: error.field }) } };
}

/** The app's error handler (registered last). */
export function errorHandler(log: (line: string) => void): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const http = toHttpError(error);
    if (http.status >= 500) log(`dreamdrive serve: ${req.method} ${req.path}: ${(error as Error)?.stack ?? String(error)}`);
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(http.status).json(errorBody(http));
  };
}
