import type { Express } from 'express';
import request, { type Response } from 'supertest';
import { csrfFrom } from '../helpers/browser.js';

/**
 * A minimal browser for supertest: keeps cookies by name (ignoring Secure, so https-issuer cookies
 * work over the test's plain HTTP), asks for HTML, and reads the CSRF token out of forms.
 */
export function browser(app: Express, userAgent = 'TestBrowser/1.0') {
  const jar = new Map<string, string>();

  function absorb(res: Response): Response {
    const raw = res.headers['set-cookie'] as unknown as string[] | undefined;
    for (const line of raw ?? []) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line) || /max-age=0\b/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  }
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

  const b = {
    jar,
    cookieHeader,
    async get(path: string): Promise<Response> {
      return absorb(await request(app).get(path).set('Accept', 'text/html').set('User-Agent', userAgent).set('Cookie', cookieHeader()));
    },
    async post(path: string, form: Record<string, string | string[]>): Promise<Response> {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const item of [v].flat()) body.append(k, item);
      return absorb(
        await request(app)
          .post(path)
          .set('Accept', 'text/html')
          .set('User-Agent', userAgent)
          .set('Cookie', cookieHeader())
          .type('form')
          .send(body.toString()),
      );
    },
    /** Loads the page and posts its form with the page's CSRF token. */
    async submit(page: string, action: string, form: Record<string, string | string[]>): Promise<Response> {
      const token = csrfToken((await b.get(page)).text);
      return b.post(action, { _csrf: token, ...form });
    },
  };
  return b;
}

/** The page's hidden `_csrf` field (shared with the fetch-based test browser). */
export const csrfToken = csrfFrom;

export type Browser = ReturnType<typeof browser>;
