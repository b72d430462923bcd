import { request as httpRequest } from 'node:http';

/** An endpoint to attack, with the parameter names it understands. */
export interface FuzzTarget {
  method: string;
  path: string;
  params?: string[];
}

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface FuzzResult {
  sent: number;
  statuses: Record<number, number>;
  /** Requests answered 5xx or not answered at all. */
  failures: { request: Pick<FuzzRequest, 'method' | 'path'>; status: number | string }[];
}

/** Mulberry32: a seeded PRNG, so a failing run can be replayed exactly. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  return { next, int, pick };
}

const b64 = (s: string) => Buffer.from(s).toString('base64url');
const NASTY_VALUES = [
  '',
  '+',
  '%00',
  '%FF%FE',
  '%C0%AF',
  '%ED%A0%80', // an encoded lone surrogate: invalid UTF-8
  '%E2%80%AE', // right-to-left override
  '%F0%9F%92%A9',
  '..%2F..%2Fetc%2Fpasswd',
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  "'%20OR%201%3D1--",
  'null',
  'undefined',
  '[]',
  '{}',
  '-1',
  '1e309',
  'NaN',
  'https%3A%2F%2Fevil.example%2F',
  'javascript%3Aalert(1)',
  '%',
  '%%',
  '%zz',
];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];
const CONTENT_TYPES = [
  'application/x-www-form-urlencoded',
  'application/json',
  'text/plain',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/x-www-form-urlencoded; charset=ISO-8859-1',
  'application/json; charset=utf-16',
  'application/octet-stream',
  '*/*',
  'garbage',
];
const JWT_HEADERS = [
  b64('{"alg":"none","typ":"JWT"}'),
  b64('{"alg":"HS256","typ":"at+jwt","kid":"x"}'),
  b64('{"alg":"RS256","kid":"../../etc/passwd"}'),
  b64('{"alg":"RS256","jku":"http://127.0.0.1:1/jwks"}'),
  'not-base64!',
  b64('{'),
];

function value(r: ReturnType<typeof prng>): string {
  switch (r.int(6)) {
    case 0:
      return r.pick(NASTY_VALUES);
    case 1:
      return 'A'.repeat(r.pick([1, 100, 3000, 9000]));
    case 2:
      return encodeURIComponent(String.fromCodePoint(...Array.from({ length: 1 + r.int(20) }, () => r.int(0x10ffff) & ~0xf800)));
    default:
      return encodeURIComponent(Math.random().toString(36).slice(2));
  }
}

function authorization(r: ReturnType<typeof prng>): string | undefined {
  switch (r.int(7)) {
    case 0:
      return `Bearer ${r.pick(JWT_HEADERS)}.${b64('{"sub":"x","exp":1}')}.${b64('sig')}`;
    case 1:
      return `Bearer ${'x'.repeat(r.pick([0, 10, 5000]))}`;
    case 2:
      return `Basic ${r.pick(['', '!!!', b64('no-colon'), b64(':'), b64('a:b:c'), b64('%zz:%zz'), 'x'.repeat(5000)])}`;
    case 3:
      return r.pick(['Bearer', 'Basic', 'Digest abc', 'bearer  a b c', 'Bearer a.b.c', 'Bearer ....']);
    default:
      return undefined;
  }
}

function body(r: ReturnType<typeof prng>, contentType: string, params: string[]): Buffer {
  switch (r.int(6)) {
    case 0:
      return Buffer.from(r.pick(['{', '{"a":', '[1,2', '\u0000\u0001', 'a=%', 'a=%zz&&&=', '%%%%', '{"__proto__":{"x":1}}']));
    case 1:
      return Buffer.alloc(r.pick([20_000, 200_000]), 'a');
    case 2:
      return Buffer.from(JSON.stringify(Object.fromEntries(params.map((p) => [p, r.pick([1, null, true, [], {}, ['a', 'b'], 'x'])]))));
    case 3:
      return Buffer.from([0xff, 0xfe, 0xc0, 0xaf, 0xed, 0xa0, 0x80]);
    default: {
      const parts = params.map((p) => `${p}=${value(r)}`);
      if (r.int(3) === 0 && params[0]) parts.push(`${params[0]}=${value(r)}`); // repeated parameter
      return Buffer.from(contentType.includes('json') ? JSON.stringify(Object.fromEntries(parts.map((x) => x.split('=')))) : parts.join('&'));
    }
  }
}

/** Generates `count` malformed requests over the targets, reproducibly from `seed`. */
export function* fuzzRequests(targets: FuzzTarget[], count: number, seed = 1): Generator<FuzzRequest> {
  const r = prng(seed);
  for (let i = 0; i < count; i++) {
    const target = r.pick(targets);
    const params = target.params ?? [];
    const method = r.int(4) === 0 ? r.pick(METHODS) : target.method;
    const query = r.int(2) === 0 ? '' : `?${params.map((p) => `${p}=${value(r)}`).join('&')}${r.int(4) === 0 ? `&${params[0] ?? 'x'}=dup` : ''}`;
    const headers: Record<string, string> = {};
    const auth = authorization(r);
    if (auth) headers.authorization = auth;
    if (r.int(4) === 0) headers.cookie = r.pick(['sso_session=%zz', `sso_session=${'a'.repeat(4000)}`, 'sso_csrf=;;;', '=', 'a=b; a=c']);
    if (r.int(5) === 0) headers.origin = r.pick(['https://evil.example', 'null', 'http://app-a.localhost:4002']);
    if (r.int(6) === 0) headers.accept = r.pick(['text/html', 'application/json', 'image/png', '*/*;q=0', 'garbage']);
    let bodyBuf: Buffer | undefined;
    if (method !== 'GET' && method !== 'HEAD' && r.int(5) !== 0) {
      const contentType = r.pick(CONTENT_TYPES);
      headers['content-type'] = contentType;
      bodyBuf = body(r, contentType, params);
    }
    const path = r.int(20) === 0 ? `${target.path}/${value(r)}` : target.path;
    yield { method, path: `${path}${query}`, headers, ...(bodyBuf && { body: bodyBuf }) };
  }
}

function send(base: URL, req: FuzzRequest, timeoutMs: number): Promise<number | string> {
  return new Promise((resolve) => {
    let r: ReturnType<typeof httpRequest>;
    try {
      r = httpRequest(
        { host: base.hostname, port: base.port, method: req.method, path: req.path, headers: { ...req.headers, ...(req.body && { 'content-length': String(req.body.length) }) }, timeout: timeoutMs },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', () => resolve('response error'));
        },
      );
    } catch (err) {
      // A request Node's own client will not send is a bug in this generator, not in the server.
      throw new Error(`fuzz generator produced an unsendable request: ${(err as Error).message}`);
    }
    r.on('timeout', () => {
      r.destroy();
      resolve('timeout');
    });
    // The server may answer (413, 400) and close before reading a large body: that is fine.
    r.on('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNRESET' || err.code === 'EPIPE' ? 499 : `error ${err.code}`));
    r.end(req.body);
  });
}

/**
 * Sends the requests with bounded concurrency against a live server; never throws. With
 * `authorization`, a request the generator left without an Authorization header carries this one,
 * so what sits behind authentication (validation, services) is fuzzed too.
 */
export async function runFuzz(
  baseUrl: string,
  targets: FuzzTarget[],
  opts: { count?: number; seed?: number; concurrency?: number; timeoutMs?: number; authorization?: string } = {},
): Promise<FuzzResult> {
  const base = new URL(baseUrl);
  const result: FuzzResult = { sent: 0, statuses: {}, failures: [] };
  const iterator = fuzzRequests(targets, opts.count ?? 2000, opts.seed ?? 1);
  const worker = async () => {
    for (let next = iterator.next(); !next.done; next = iterator.next()) {
      const req = next.value;
      if (opts.authorization && !req.headers.authorization) req.headers.authorization = opts.authorization;
      const status = await send(base, req, opts.timeoutMs ?? 10_000);
      result.sent++;
      if (typeof status === 'number') result.statuses[status] = (result.statuses[status] ?? 0) + 1;
      if (typeof status !== 'number' || status >= 500) result.failures.push({ request: { method: req.method, path: req.path.slice(0, 200) }, status });
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 8 }, worker));
  return result;
}
