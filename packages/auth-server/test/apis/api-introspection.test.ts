import * as client from 'openid-client';
import request from 'supertest';
import { runApis } from '../../src/cli/apis-cli.js';
import { Browser } from '../helpers/browser.js';
import { codeFlow, SECRET, startOidcFixture, type OidcFixture } from '../oidc/oidc.fixture.js';

const REPORTS = 'https://reports.example.com';

/** RFC 7662 §2.1 for APIs: their own credentials, answers only about tokens addressed to them. */
describe('introspection by an API', () => {
  let f: OidcFixture;
  let apiSecret = '';
  beforeAll(async () => {
    f = await startOidcFixture();
    const out = { log: (l: string) => void (apiSecret = /client_secret:\s+(\S+)/.exec(l)?.[1] ?? apiSecret) };
    const cli = { store: f.ctx.store, clock: f.ctx.clock, config: f.ctx.config, out };
    await runApis(cli, ['create', '--identifier', REPORTS, '--name', 'Reports', '--scope', 'reports:read=Read your reports']);
    await runApis(cli, ['rotate-secret', REPORTS]);
    await f.ctx.store.clients.update('web-app', { scopes: [...f.webClient.scopes, 'reports:read'] }, f.ctx.clock());
  });
  afterAll(() => f.close());

  // RFC 6749 §2.3.1: Basic credentials are form-urlencoded first, so the identifier's ':' survives.
  const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
  const introspect = (token: string, id: string, secret: string) =>
    request(f.ctx.app).post('/introspect').set('Authorization', basic(id, secret)).type('form').send({ token });

  test('an API with its own credentials introspects a token addressed to it, not one for another API', async () => {
    const { tokens } = await codeFlow(f, new Browser(f.issuer), { scope: 'openid reports:read' });
    const res = await introspect(tokens.access_token, REPORTS, apiSecret);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ active: true, aud: REPORTS, scope: 'reports:read', client_id: 'web-app', sub: f.account.id });

    const notes = await codeFlow(f, new Browser(f.issuer), { scope: 'openid notes:read' });
    expect((await introspect(notes.tokens.access_token, REPORTS, apiSecret)).body).toEqual({ active: false });
    // Refresh tokens belong to the client alone.
    expect((await introspect(notes.tokens.refresh_token!, REPORTS, apiSecret)).body).toEqual({ active: false });
  });

  test('a client learns only about its own tokens', async () => {
    const { tokens } = await codeFlow(f, new Browser(f.issuer), { scope: 'openid notes:read' });
    expect((await client.tokenIntrospection(f.web, tokens.access_token)).active).toBe(true);
    expect((await introspect(tokens.access_token, 'other-app', SECRET)).body).toEqual({ active: false });
    expect((await introspect(tokens.refresh_token!, 'other-app', SECRET)).body).toEqual({ active: false });
  });

  test('an API may also send its credentials in the form (client_secret_post)', async () => {
    const { tokens } = await codeFlow(f, new Browser(f.issuer), { scope: 'openid reports:read' });
    const res = await request(f.ctx.app).post('/introspect').type('form').send({ token: tokens.access_token, client_id: REPORTS, client_secret: apiSecret });
    expect(res.body).toMatchObject({ active: true, aud: REPORTS });
  });

  test('an API with a wrong secret, or none issued, is invalid_client', async () => {
    const wrong = await introspect('x', REPORTS, `${apiSecret}x`);
    expect(wrong.status).toBe(401);
    expect(wrong.body).toHaveProperty('error', 'invalid_client');
    const none = await introspect('x', f.ctx.config.resourceAudience, 'anything');
    expect(none.status).toBe(401);
    expect(none.body).toHaveProperty('error', 'invalid_client');
  });
});
