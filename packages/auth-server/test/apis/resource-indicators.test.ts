import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccessTokenVerifier } from '@sso/shared';
import { createApp, createNotesStore, openNotesDatabase, silentLogger } from '@sso/resource-api';
import type { Express } from 'express';
import { decodeJwt } from 'jose';
import * as client from 'openid-client';
import request from 'supertest';
import { runApis } from '../../src/cli/apis-cli.js';
import { runClients } from '../../src/cli/clients-cli.js';
import { Browser } from '../helpers/browser.js';
import { authorizationRequest, codeFlow, discover, signInThrough, SECRET, SERVICE_SECRET, startOidcFixture, type OidcFixture } from './../oidc/oidc.fixture.js';

const REPORTS = 'https://reports.example.com';

/** RFC 8707 with a second API registered the way an operator does it, through the admin CLI. */
describe('APIs as audiences (RFC 8707 resource indicators)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apis-'));
  let f: OidcFixture;
  let notesApi: Express;
  let closeNotes: () => Promise<void>;
  let cliSecret = '';

  beforeAll(async () => {
    f = await startOidcFixture();
    const cli = { store: f.ctx.store, clock: f.ctx.clock, config: f.ctx.config, out: { log: (l: string) => void (cliSecret = /client_secret:\s+(\S+)/.exec(l)?.[1] ?? cliSecret) } };
    await runApis(cli, ['create', '--identifier', REPORTS, '--name', 'Reports', '--scope', 'reports:read=Read your reports', '--scope', 'reports:write=Change your reports', '--token-ttl', '600']);
    // The web app may also use Reports; the profile-only app may use no API at all.
    await f.ctx.store.clients.update('web-app', { scopes: [...f.webClient.scopes, 'reports:read'] }, f.ctx.clock());
    await runClients(cli, ['create', '--id', 'profile-only', '--name', 'Profile only', '--redirect-uri', 'https://rp.example/callback', '--scope', 'openid', '--scope', 'profile', '--first-party']);
    await f.ctx.store.accounts.update(f.account.id, { roles: ['admin'] }, f.ctx.clock());

    const db = await openNotesDatabase(join(dir, 'notes.db'));
    closeNotes = () => db.destroy();
    const verifier = createAccessTokenVerifier({ issuer: f.issuer, audience: f.ctx.config.resourceAudience, jwksUri: `${f.issuer}/jwks`, clock: f.ctx.clock });
    notesApi = createApp({ corsOrigins: [], audience: f.ctx.config.resourceAudience }, { verifier, notes: createNotesStore(db, f.ctx.clock), logger: silentLogger });
  });
  afterAll(async () => {
    await f.close();
    await closeNotes();
    rmSync(dir, { recursive: true, force: true });
  });

  const callNotes = (path: string, token: string) => request(notesApi).get(path).set('Authorization', `Bearer ${token}`);

  test('discovery lists the new scopes', async () => {
    const meta = (await discover(f.issuer, 'web-app', SECRET)).serverMetadata();
    expect(meta.scopes_supported).toEqual(expect.arrayContaining(['openid', 'notes:read', 'notes:write', 'reports:read', 'reports:write']));
  });

  test("a new API's scope yields a token for that API only, with its lifetime and no roles; the notes API refuses it", async () => {
    const { tokens } = await codeFlow(f, new Browser(f.issuer), { scope: 'openid profile reports:read' });
    const at = decodeJwt(tokens.access_token);
    expect(at.aud).toBe(REPORTS);
    expect(at.scope).toBe('reports:read');
    expect(at.roles).toBeUndefined(); // Reports was registered without --roles
    expect(at.exp! - at.iat!).toBe(600);
    expect(tokens.expires_in).toBe(600);
    expect(tokens.claims()?.sub).toBe(f.account.id); // the ID token is unaffected
    const res = await callNotes('/notes', tokens.access_token);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
    expect((await callNotes('/admin', tokens.access_token)).status).toBe(401);
  });

  test('the notes API (registered with roles) gets the roles and accepts its token', async () => {
    const { tokens } = await codeFlow(f, new Browser(f.issuer), { scope: 'openid notes:read' });
    const at = decodeJwt(tokens.access_token);
    expect(at).toMatchObject({ aud: f.ctx.config.resourceAudience, scope: 'notes:read', roles: ['admin'] });
    expect((await callNotes('/notes', tokens.access_token)).status).toBe(200);
    expect((await callNotes('/admin', tokens.access_token)).status).toBe(200);
  });

  test('a client registered for openid profile only gets a userinfo-only token the notes API refuses', async () => {
    const rp = await discover(f.issuer, 'profile-only', cliSecret);
    const req = await authorizationRequest(rp, { scope: 'openid profile' });
    const callback = await signInThrough(new Browser(f.issuer), f.issuer, req.url);
    const tokens = await client.authorizationCodeGrant(rp, callback, { pkceCodeVerifier: req.verifier, expectedState: req.state, expectedNonce: req.nonce });
    const at = decodeJwt(tokens.access_token);
    expect(at.aud).toBe(`${f.issuer}/userinfo`);
    expect(at.roles).toBeUndefined();
    expect(at.scope).toBe('openid profile');
    expect((await callNotes('/admin', tokens.access_token)).status).toBe(401);
    expect((await callNotes('/protected', tokens.access_token)).status).toBe(401);
    // It is good for userinfo.
    expect(await client.fetchUserInfo(rp, tokens.access_token, f.account.id)).toMatchObject({ preferred_username: 'alice' });
  });

  test('an API scope the client is not allowed is invalid_scope', async () => {
    const rp = await discover(f.issuer, 'profile-only', cliSecret);
    const req = await authorizationRequest(rp, { scope: 'openid notes:read' });
    const res = await new Browser(f.issuer).get(req.url.toString());
    expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('invalid_scope');
  });

  test('resource at /authorize for an unknown API, or one the client asks no scope of, is invalid_target', async () => {
    for (const resource of ['https://unknown.example.com', REPORTS, 'not a uri']) {
      const req = await authorizationRequest(f.web, { scope: 'openid notes:read', resource });
      const res = await new Browser(f.issuer).get(req.url.toString());
      const back = new URL(res.headers.get('location')!);
      expect(back.searchParams.get('error')).toBe('invalid_target');
      expect(back.searchParams.get('state')).toBe(req.state);
    }
  });

  test('scopes of two APIs need resource; the refresh token then obtains a token for the other (RFC 8707 §2.2)', async () => {
    const twoApis = await authorizationRequest(f.web, { scope: 'openid offline_access notes:read reports:read' });
    const refused = await new Browser(f.issuer).get(twoApis.url.toString());
    expect(new URL(refused.headers.get('location')!).searchParams.get('error')).toBe('invalid_target');

    const { tokens } = await codeFlow(f, new Browser(f.issuer), { scope: 'openid offline_access notes:read reports:read', resource: REPORTS });
    expect(decodeJwt(tokens.access_token)).toMatchObject({ aud: REPORTS, scope: 'reports:read' });
    const notes = await client.refreshTokenGrant(f.web, tokens.refresh_token!, { resource: f.ctx.config.resourceAudience });
    expect(decodeJwt(notes.access_token)).toMatchObject({ aud: f.ctx.config.resourceAudience, scope: 'notes:read', roles: ['admin'] });
    expect((await callNotes('/notes', notes.access_token)).status).toBe(200);
    // Without resource the grant's own (from /authorize) applies.
    const again = await client.refreshTokenGrant(f.web, notes.refresh_token!);
    expect(decodeJwt(again.access_token).aud).toBe(REPORTS);
    const userinfo = await client.refreshTokenGrant(f.web, again.refresh_token!, { resource: `${f.issuer}/userinfo` });
    expect(decodeJwt(userinfo.access_token)).toMatchObject({ aud: `${f.issuer}/userinfo`, scope: 'openid offline_access' });
  });

  test('resource at the token endpoint for an API the client may not use is invalid_target', async () => {
    const service = await discover(f.issuer, 'service', SERVICE_SECRET);
    await expect(client.clientCredentialsGrant(service, { resource: REPORTS })).rejects.toMatchObject({ error: 'invalid_target' });
    await expect(client.clientCredentialsGrant(service, { resource: 'https://nowhere.example.com' })).rejects.toMatchObject({ error: 'invalid_target' });
    const ok = await client.clientCredentialsGrant(service, { resource: f.ctx.config.resourceAudience });
    expect(decodeJwt(ok.access_token)).toMatchObject({ aud: f.ctx.config.resourceAudience, scope: 'notes:read' });

    const { tokens } = await codeFlow(f, new Browser(f.issuer), { scope: 'openid offline_access notes:read' });
    await expect(client.refreshTokenGrant(f.web, tokens.refresh_token!, { resource: REPORTS })).rejects.toMatchObject({ error: 'invalid_target' });
  });

  test('resource at the code exchange picks among the granted APIs; a refused one leaves the code usable', async () => {
    const req = await authorizationRequest(f.web, { scope: 'openid notes:read reports:read', resource: REPORTS });
    const callback = await signInThrough(new Browser(f.issuer), f.issuer, req.url);
    const code = callback.searchParams.get('code')!;
    const exchange = (resource?: string) =>
      request(f.ctx.app)
        .post('/token')
        .auth('web-app', SECRET)
        .type('form')
        .send({ grant_type: 'authorization_code', code, redirect_uri: 'https://rp.example/callback', code_verifier: req.verifier, ...(resource && { resource }) });
    const refused = await exchange('https://unknown.example.com');
    expect(refused.status).toBe(400);
    expect(refused.body).toHaveProperty('error', 'invalid_target');
    const ok = await exchange(f.ctx.config.resourceAudience);
    expect(ok.status).toBe(200);
    expect(decodeJwt((ok.body as { access_token: string }).access_token)).toMatchObject({ aud: f.ctx.config.resourceAudience, scope: 'notes:read' });
  });
});
