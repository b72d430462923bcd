import request from 'supertest';
import { MAX_STORED_BYTES } from '../../src/oauth/authorize/park-request.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { clientDefaults } from './oidc.fixture.js';

const valid = {
  client_id: 'web-app',
  redirect_uri: 'https://rp.example/callback',
  response_type: 'code',
  scope: 'openid',
  state: 'st-123',
  nonce: 'n-1',
  code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  code_challenge_method: 'S256',
};
const authorize = (t: TestContext, params: Record<string, string>) => request(t.app).get(`/authorize?${new URLSearchParams(params).toString()}`);
const interactionId = (location: string) => new URL(location, 'http://x').searchParams.get('interaction')!;

describe('anonymous authorization requests park little, briefly, and not without limit', () => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext({ RATE_LIMIT_AUTHORIZE_PER_MINUTE: '3' });
    await t.store.clients.create(clientDefaults({ clientId: 'web-app' }), t.clock());
  });
  afterEach(() => t.close());

  test('only the parameters the server uses are stored, within the size bound', async () => {
    const padded = { ...valid, state: 's'.repeat(1000), nonce: 'n'.repeat(500), ui_locales: 'x'.repeat(2000), display: 'page', acr_values: 'urn:sso:acr:mfa', claims: 'c'.repeat(2000), login_hint: 'alice' };
    const res = await authorize(t, padded);
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/login\?interaction=/);
    const parked = await t.store.interactions.find(interactionId(res.headers.location!));
    // acr_values is kept: the sign-in rules read it when the request resumes.
    expect(Object.keys(parked!.params).sort()).toEqual([...Object.keys(valid), 'login_hint', 'acr_values'].sort());
    const size = Buffer.byteLength(JSON.stringify(parked!.params));
    console.info(`[figure] parked authorization request: ${size} bytes stored for a ${Buffer.byteLength(JSON.stringify(padded))}-byte request`);
    expect(size).toBeLessThanOrEqual(MAX_STORED_BYTES);
  });

  test('a request whose used parameters exceed the bound is refused, back to the client', async () => {
    // Every parameter within its own limit, together above the bound: a long (registered) resource.
    const identifier = `https://api.example/${'r'.repeat(2000)}`;
    await t.store.apis.create({ identifier, name: 'Big', scopes: [{ name: 'big:read', description: 'Read' }], accessTokenTtl: null, includeRoles: false, secretHash: null }, t.clock());
    await t.store.clients.update('web-app', { scopes: ['openid', 'big:read'] }, t.clock());
    const big = { ...valid, scope: 'openid big:read', resource: identifier, state: 's'.repeat(1024), nonce: 'n'.repeat(512), login_hint: 'h'.repeat(2048), acr_values: 'a'.repeat(2048) };
    const res = await authorize(t, big);
    expect(res.status).toBe(303);
    const back = new URL(res.headers.location!);
    expect(back.origin).toBe('https://rp.example');
    expect(back.searchParams.get('error_description')).toBe('The authorization request is too large');
  });

  test('each IP parks at most RATE_LIMIT_AUTHORIZE_PER_MINUTE; then the client hears temporarily_unavailable', async () => {
    const locations: string[] = [];
    for (let i = 0; i < 4; i++) locations.push((await authorize(t, valid)).headers.location!);
    expect(locations.slice(0, 3).every((l) => l.startsWith('/login?interaction='))).toBe(true);
    const refused = new URL(locations[3]!);
    expect(refused.searchParams.get('error')).toBe('temporarily_unavailable');
    expect(refused.searchParams.get('state')).toBe('st-123');
  });

  test('an expired interaction is gone: purged, and deleted when resumed', async () => {
    const first = interactionId((await authorize(t, valid)).headers.location!);
    const second = interactionId((await authorize(t, valid)).headers.location!);
    t.clock.advance(31 * 60_000);
    expect((await request(t.app).get(`/authorize/resume/${first}`)).status).toBe(400);
    expect(await t.store.interactions.find(first)).toBeUndefined();
    await t.store.purgeExpired(t.clock());
    expect(await t.store.interactions.find(second)).toBeUndefined();
  });
});
