/** The viewer's one door to the server: JSON over fetch, errors as ApiError with the server's words. */
import type { IssueJson } from './wire';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field: string | null,
    readonly issues: readonly IssueJson[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function errorOf(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as { error?: { message?: string; field?: string; issues?: IssueJson[] } };
    return new ApiError(res.status, body.error?.message ?? res.statusText, body.error?.field ?? null, body.error?.issues ?? []);
  } catch {
    return new ApiError(res.status, `${res.status} ${res.statusText}`, null, []);
  }
}

export async function request<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
  const init: RequestInit = { method, headers: body === undefined ? {} : { 'content-type': contentType } };
  if (body !== undefined) init.body = typeof body === 'string' || body instanceof Blob || body instanceof ArrayBuffer ? (body as BodyInit) : JSON.stringify(body);
  const res = await fetch(path, init);
  if (!res.ok) throw await errorOf(res);
  return (await res.json()) as T;
}

export const getJson = <T>(path: string): Promise<T> => request<T>('GET', path);
export const postJson = <T>(path: string, body: unknown): Promise<T> => request<T>('POST', path, body);

export function frameUrl(rolloutId: string, step: number, camera: 'reference' | 'model' | 'diff'): string {
  return `/api/rollouts/${encodeURIComponent(rolloutId)}/frames/${step}.png?camera=${camera}`;
}
