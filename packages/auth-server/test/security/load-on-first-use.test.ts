import type { NextFunction, Request, Response } from 'express';
import { loadOnFirstUse } from '../../src/http/load-on-first-use.js';

const req = {} as Request;
const res = {} as Response;
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('loadOnFirstUse', () => {
  it('builds nothing before the first request, then once for all requests', async () => {
    let builds = 0;
    const served: string[] = [];
    const lazy = loadOnFirstUse(() => {
      builds += 1;
      return Promise.resolve({ handle: (_q: Request, _s: Response, next: NextFunction) => next() });
    });
    const handler = lazy.handler((built) => built.handle);
    expect(builds).toBe(0);
    handler(req, res, () => served.push('a'));
    handler(req, res, () => served.push('b'));
    await settled();
    handler(req, res, () => served.push('c'));
    await settled();
    expect(builds).toBe(1);
    expect(served).toEqual(['a', 'b', 'c']);
  });

  it('passes a failed import to the error handler and tries again on the next request', async () => {
    let attempts = 0;
    const lazy = loadOnFirstUse(() => {
      attempts += 1;
      if (attempts === 1) return Promise.reject(new Error('import failed'));
      return Promise.resolve({ handle: (_q: Request, _s: Response, next: NextFunction) => next() });
    });
    const handler = lazy.handler((built) => built.handle);
    const errors: unknown[] = [];
    handler(req, res, (err?: unknown) => errors.push(err));
    await settled();
    handler(req, res, (err?: unknown) => errors.push(err));
    await settled();
    expect((errors[0] as Error).message).toBe('import failed');
    expect(errors[1]).toBeUndefined();
    expect(attempts).toBe(2);
  });

  it('hands errors of earlier layers to the loaded error handler', async () => {
    const lazy = loadOnFirstUse(() =>
      Promise.resolve({ errors: (err: Error, _q: Request, _s: Response, next: NextFunction) => next(new Error(`handled ${err.message}`)) }),
    );
    const seen: unknown[] = [];
    lazy.errorHandler((built) => built.errors)(new Error('bad body'), req, res, (err?: unknown) => seen.push(err));
    await settled();
    expect((seen[0] as Error).message).toBe('handled bad body');
  });
});
