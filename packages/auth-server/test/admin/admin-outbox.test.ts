import type { OutboxItemView } from '../../src/admin/services/outbox.js';
import { startAdminFixture, type AdminFixture } from './admin-fixture.js';

type Page = { items: OutboxItemView[] };

describe('admin API: the outbox', () => {
  let f: AdminFixture;
  beforeAll(async () => {
    f = await startAdminFixture();
    const now = f.ctx.clock();
    const link = 'https://auth.example/reset?token=secret-reset-token';
    await f.ctx.store.outbox.add({ id: 'm1', kind: 'mail', payload: { to: 'bob@example.com', subject: 'Reset your password', text: `Open ${link}`, html: `<a href="${link}">reset</a>` } }, now);
    await f.ctx.store.outbox.add({ id: 'l1', kind: 'backchannel_logout', payload: { clientId: 'app', sub: 'u', sid: 's1' } }, now);
    await f.ctx.store.outbox.claim('l1', 'me', now, now + 1000);
    await f.ctx.store.outbox.finish('l1', 'me', { status: 'sent' }, now);
  });
  afterAll(() => f.close());

  const list = async (query = '', token?: string) => f.call<Page>('get', `/outbox${query}`, { token: token ?? (await f.adminToken()) });

  it('lists a queued mail by recipient and subject, never its body or link; sent items only with all=true', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body.items).toEqual([
      {
        id: 'm1',
        kind: 'mail',
        status: 'pending',
        attempts: 0,
        nextAttemptAt: new Date(f.ctx.clock()).toISOString(),
        createdAt: new Date(f.ctx.clock()).toISOString(),
        lastError: null,
        summary: 'to=bob@example.com subject=Reset your password',
      },
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/secret-reset-token|reset\?|payload|text|html/);

    const all = await list('?all=true');
    expect(all.body.items.map((i) => [i.id, i.status, i.summary]).sort()).toEqual([
      ['l1', 'sent', 'client=app sid=s1'],
      ['m1', 'pending', 'to=bob@example.com subject=Reset your password'],
    ]);
    expect((await list('?all=false')).body.items.map((i) => i.id)).toEqual(['m1']);
    expect((await list('?all=true&limit=1')).body.items).toHaveLength(1);
  });

  it('refuses a bad limit or all with 400 invalid_input naming the field', async () => {
    const token = await f.adminToken();
    for (const [q, field] of [['?limit=0', 'limit'], ['?limit=1001', 'limit'], ['?limit=ten', 'limit'], ['?all=yes', 'all']] as const) {
      const res = await list(q, token);
      expect([q, res.status, res.body]).toEqual([q, 400, expect.objectContaining({ error: 'invalid_input', field })]);
    }
  });

  it('needs admin:read: a token with only admin:write gets 403 insufficient_scope, none gets 401', async () => {
    const res = await list('', await f.serviceToken(['admin:write']));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: 'insufficient_scope' });
    expect((await f.call('get', '/outbox')).status).toBe(401);
    expect((await list('', await f.serviceToken(['admin:read']))).status).toBe(200);
  });
});
