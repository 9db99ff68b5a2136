// The JSON API as the panels use it: same-origin fetch with the session
// cookie, the CSRF token on every change, and RFC 9457 problems as values.
import { signal } from '@preact/signals';

export interface FieldProblem {
  field: string;
  reason: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldProblem[];
  retryAfterSeconds?: number;
}

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; problem: Problem };

// The session's CSRF token: set at sign-in and from GET /auth/session.
export const csrfToken = signal<string | null>(null);

// Called when a request answers 401: the session ended (idle, revoked, expired).
let onUnauthenticated: (() => void) | null = null;
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

function problemFromNetwork(error: unknown): Problem {
  return {
    type: '/problems/network',
    title: 'Network error',
    status: 0,
    detail: error instanceof Error ? error.message : String(error),
  };
}

export async function request<T>(method: string, path: string, body?: unknown, init?: RequestInit): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  let payload: BodyInit | undefined;
  if (body instanceof Blob) {
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken.value) headers['X-CSRF-Token'] = csrfToken.value;
  const send = () =>
    fetch(path, {
      method,
      credentials: 'same-origin',
      ...init,
      headers: { ...headers, ...(init?.headers as Record<string, string> | undefined) },
      body: payload ?? null,
    });
  let response: Response;
  try {
    response = await send();
  } catch (error) {
    // A read that never reached the server (a phone between cells, a dropped
    // keep-alive connection) is tried once more; a change is never resent.
    if (method !== 'GET' && method !== 'HEAD') return { ok: false, problem: problemFromNetwork(error) };
    await new Promise((resolve) => setTimeout(resolve, 300));
    try {
      response = await send();
    } catch (again) {
      return { ok: false, problem: problemFromNetwork(again) };
    }
  }
  const text = await response.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (response.ok) return { ok: true, status: response.status, data: parsed as T };
  const problem: Problem =
    parsed && typeof parsed === 'object' && 'title' in parsed
      ? (parsed as Problem)
      : { type: '/problems/http', title: response.statusText || 'Error', status: response.status, detail: typeof parsed === 'string' ? parsed : '' };
  problem.status = response.status;
  const retryAfter = response.headers.get('Retry-After');
  if (retryAfter && /^\d+$/.test(retryAfter)) problem.retryAfterSeconds = Number(retryAfter);
  if (response.status === 401 && onUnauthenticated && !path.startsWith('/api/v1/auth/')) onUnauthenticated();
  return { ok: false, problem };
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body ?? {}),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body ?? {}),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

// Query string from the set values only.
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

// The message for one field ("amount", "events/0/at"), if the problem names it.
export function fieldProblem(problem: Problem | null | undefined, field: string): string | undefined {
  return problem?.errors?.find((e) => e.field === field || e.field.startsWith(`${field}/`))?.reason;
}

export function encodePath(segment: string): string {
  return encodeURIComponent(segment);
}
