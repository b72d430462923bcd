/** One call to the resource API as the pages show it: what was asked and what came back. */
export interface ApiCall {
  method: string;
  url: string;
  withToken: boolean;
  status: number;
  ok: boolean;
  body: unknown;
  /** Pretty JSON or text, for display. */
  bodyText: string;
  wwwAuthenticate?: string;
}

export interface Note {
  id: string;
  text: string;
  createdAt?: string;
}

/** Thin client for the resource API; every call is recorded so the page can show it. */
export class ResourceClient {
  constructor(
    private readonly baseUrl: string,
    private readonly fetchImpl: typeof fetch,
  ) {}

  async call(method: string, path: string, accessToken?: string, json?: unknown): Promise<ApiCall> {
    const url = `${this.baseUrl}${path}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (accessToken) headers.authorization = `Bearer ${accessToken}`; // RFC 6750 §2.1
    if (json !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await this.fetchImpl(url, {
        method,
        headers,
        body: json === undefined ? undefined : JSON.stringify(json),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (err) {
      const message = `could not reach the resource API: ${(err as Error).message}`;
      return { method, url, withToken: !!accessToken, status: 0, ok: false, body: message, bodyText: message };
    }
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : '';
    } catch {
      /* not JSON: show the text */
    }
    return {
      method,
      url,
      withToken: !!accessToken,
      status: res.status,
      ok: res.ok,
      body,
      bodyText: typeof body === 'string' ? body : JSON.stringify(body, null, 2),
      wwwAuthenticate: res.headers.get('www-authenticate') ?? undefined,
    };
  }
}

/** Accepts `[...]`, `{ notes: [...] }` or `{ items: [...] }` so the page does not break on shape. */
export function notesFrom(body: unknown): Note[] {
  const list = Array.isArray(body)
    ? body
    : typeof body === 'object' && body !== null
      ? ((body as Record<string, unknown>).notes ?? (body as Record<string, unknown>).items)
      : undefined;
  if (!Array.isArray(list)) return [];
  return list.flatMap((n: unknown) => {
    if (typeof n !== 'object' || n === null) return [];
    const r = n as Record<string, unknown>;
    const id = r.id;
    const text = r.text ?? r.body ?? r.content ?? r.title;
    if ((typeof id !== 'string' && typeof id !== 'number') || typeof text !== 'string') return [];
    const createdAt = r.createdAt ?? r.created_at;
    return [{ id: String(id), text, createdAt: typeof createdAt === 'string' ? createdAt : undefined }];
  });
}
