/**
 * A minimal cookie-keeping browser over fetch for protocol tests: follows nothing by itself so
 * each redirect can be asserted. (The real-browser flow is the demo-site's Chromium test.)
 */
export class Browser {
  /** Pass another browser's jar to act as one browser talking to several instances of one site. */
  constructor(
    private readonly base: string,
    readonly jar = new Map<string, string>(),
  ) {}

  cookie(name: string): string | undefined {
    return this.jar.get(name);
  }

  cookieNames(): string[] {
    return [...this.jar.keys()];
  }

  private store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  async request(pathOrUrl: string, init: RequestInit = {}): Promise<Response> {
    const url = new URL(pathOrUrl, this.base);
    const headers = new Headers(init.headers);
    if (url.origin === new URL(this.base).origin && this.jar.size > 0) {
      headers.set('cookie', [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '));
    }
    const res = await retryingFetch(url, { ...init, headers, redirect: 'manual' });
    if (url.origin === new URL(this.base).origin) this.store(res);
    return res;
  }

  get(path: string): Promise<Response> {
    return this.request(path);
  }

  /** Posts a form; `_csrf` is taken from the last page when `fromPage` is given. */
  post(path: string, fields: Record<string, string>): Promise<Response> {
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }
}

/** The CSRF token from a page's hidden `_csrf` input. */
export function csrfFrom(html: string): string {
  const input = /<input[^>]*name="_csrf"[^>]*>/.exec(html)?.[0];
  const value = input && /value="([^"]*)"/.exec(input)?.[1];
  if (!value) throw new Error('no _csrf field on the page');
  return value;
}

export function location(res: Response): string {
  const value = res.headers.get('location');
  if (!value) throw new Error(`expected a redirect, got ${res.status}`);
  return value;
}

const decodeEntities = (v: string): string =>
  v.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#x3D;/g, '=').replace(/&lt;/g, '<').replace(/&gt;/g, '>');

/** The first POST form on a page whose markup contains `marker`: its action and hidden fields. */
export function postForm(html: string, marker = ''): { action: string | undefined; fields: Record<string, string> } {
  const forms = html.match(/<form[\s\S]*?<\/form>/gi) ?? [];
  const form = forms.find((f) => /method="post"/i.test(f) && f.includes(marker));
  if (!form) throw new Error(`no POST form${marker ? ` containing ${marker}` : ''} on the page`);
  const action = /<form[^>]*action="([^"]*)"/i.exec(form)?.[1];
  const fields: Record<string, string> = {};
  for (const input of form.match(/<input[^>]*type="hidden"[^>]*>/gi) ?? []) {
    const name = /name="([^"]*)"/.exec(input)?.[1];
    const value = /value="([^"]*)"/.exec(input)?.[1] ?? '';
    if (name) fields[name] = decodeEntities(value);
  }
  return { action: action === undefined ? undefined : decodeEntities(action), fields };
}

/**
 * fetch that retries once when a pooled keep-alive socket turns out to have been closed by a
 * server that restarted, as browsers do for idempotent requests (RFC 9110 §9.2.2).
 */
export const retryingFetch: typeof fetch = async (input, init) => {
  try {
    return await fetch(input, init);
  } catch (err) {
    const code = (err as { cause?: { code?: string } }).cause?.code;
    if (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET') throw err;
    return fetch(input, init);
  }
};
