import { runFuzz, type FuzzTarget } from '@sso/shared/testing';
import { z } from 'zod';
import { ADMIN_ROUTES } from '../../src/admin/api/routes.js';
import { startAdminFixture, type AdminFixture } from '../admin/admin-fixture.js';

/** Path parameters filled with objects that exist, or are built-in, so the services are reached. */
const SAMPLES: Record<string, string[]> = {
  id: ['bob', 'admin-console', 'admin-service', 'no-such-thing', encodeURIComponent('https://api.fuzz.example')],
  sid: ['no-such-session'],
  role: ['staff', 'admin'],
  clientId: ['admin-console'],
  scope: ['fuzz:read', 'admin:read'],
};

const keysOf = (schema: unknown): string[] => (schema instanceof z.ZodObject ? Object.keys(schema.shape) : []);

/** Every admin API operation, with the query and body fields it reads, per sample path. */
function targets(): FuzzTarget[] {
  return ADMIN_ROUTES.flatMap((route) => {
    const params = [...keysOf(route.query), ...keysOf(route.body)];
    const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    const fills = names.length === 0 ? [route.path] : (SAMPLES[names[0]!] ?? ['x']).map((v) => route.path.replace(/:(\w+)/g, (_, n: string) => (n === names[0] ? v : (SAMPLES[n]?.[0] ?? 'x'))));
    return fills.map((path) => ({ method: route.method.toUpperCase(), path: `/admin/api${path}`, params }));
  });
}

let f: AdminFixture;
beforeAll(async () => {
  f = await startAdminFixture();
});
afterAll(() => f.close());

test('malformed requests to every admin API operation, with a valid admin token: no 5xx, no hang', async () => {
  const token = await f.adminToken();
  const result = await runFuzz(f.issuer, targets(), { count: 1500, seed: 20261202, concurrency: 6, authorization: `Bearer ${token}` });
  expect(result.sent).toBe(1500);
  expect(result.failures).toEqual([]);
  // Validation and the services answered, not only the token check.
  expect(result.statuses[400]).toBeGreaterThan(50);
  expect(Object.keys(result.statuses).length).toBeGreaterThan(5);
  expect((await f.call('GET', '/keys', { token })).status).toBe(200);
}, 120_000);
