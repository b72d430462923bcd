import * as client from 'openid-client';
import { InvalidInput } from '../../src/admin/admin-error.js';
import type { CliContext } from '../../src/cli/cli-context.js';
import { runClients } from '../../src/cli/clients-cli.js';
import { Browser } from '../helpers/browser.js';
import { clientDefaults, discover, signInThrough, startOidcFixture, type OidcFixture } from './oidc.fixture.js';

/**
 * passport-openidconnect sends no PKCE. An operator may register such a confidential client with
 * `--pkce optional`; it then signs in with a nonce, and nothing else loses PKCE (RFC 9700 §2.1.1).
 */
let f: OidcFixture;
let passport: client.Configuration;
const lines: string[] = [];
const REDIRECT = 'https://passport.example/cb';

beforeAll(async () => {
  f = await startOidcFixture();
  const cli: CliContext = { store: f.ctx.store, clock: f.ctx.clock, config: f.ctx.config, out: { log: (l) => void lines.push(l) } };
  await runClients(cli, ['create', '--id', 'passport-app', '--name', 'Passport', '--redirect-uri', REDIRECT, '--scope', 'openid', '--scope', 'profile', '--first-party', '--pkce', 'optional']);
  const secret = /client_secret:\s+(\S+)/.exec(lines.join('\n'))![1]!;
  passport = await discover(f.issuer, 'passport-app', secret);
  await f.ctx.store.clients.create(
    clientDefaults({ clientId: 'spa-optional', secretHash: null, pkceRequired: false, redirectUris: ['https://spa.example/cb'] }),
    f.ctx.clock(),
  );
});
afterAll(() => f.close());

/** What passport-openidconnect sends: code flow, state, nonce, no code_challenge. */
function passportStyle(config: client.Configuration, params: Record<string, string> = {}, redirectUri = REDIRECT) {
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, { redirect_uri: redirectUri, scope: 'openid profile', state, nonce, ...params });
  return { url, state, nonce };
}

const errorOf = (callback: URL) => ({ error: callback.searchParams.get('error'), description: callback.searchParams.get('error_description') });

describe('PKCE optional for one confidential client', () => {
  test('the CLI shows the weaker setting', () => {
    expect(lines.join('\n')).toMatch(/PKCE:\s+optional \(weaker/);
  });

  test('signs in without PKCE, with nonce, authenticating with client_secret_basic', async () => {
    const req = passportStyle(passport);
    expect(req.url.searchParams.has('code_challenge')).toBe(false);
    const callback = await signInThrough(new Browser(f.issuer), f.issuer, req.url);
    expect(callback.searchParams.get('code')).toBeTruthy();
    const tokens = await client.authorizationCodeGrant(passport, callback, { expectedState: req.state, expectedNonce: req.nonce });
    expect(tokens.claims()).toMatchObject({ sub: f.account.id, aud: 'passport-app', nonce: req.nonce });
  });

  test('without PKCE, a request without nonce is refused', async () => {
    const req = passportStyle(passport);
    req.url.searchParams.delete('nonce');
    const callback = await signInThrough(new Browser(f.issuer), f.issuer, req.url);
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- @types/jest types asymmetric matchers as any
    expect(errorOf(callback)).toEqual({ error: 'invalid_request', description: expect.stringMatching(/nonce is required/) });
  });

  test('a code_verifier for a request that had no code_challenge is refused (PKCE downgrade, RFC 9700 §2.1.1)', async () => {
    const req = passportStyle(passport);
    const callback = await signInThrough(new Browser(f.issuer), f.issuer, req.url);
    await expect(
      client.authorizationCodeGrant(passport, callback, { expectedState: req.state, expectedNonce: req.nonce, pkceCodeVerifier: client.randomPKCECodeVerifier() }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  test('the same client still gets PKCE checked when it sends a challenge', async () => {
    const verifier = client.randomPKCECodeVerifier();
    const req = passportStyle(passport, { code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    const callback = await signInThrough(new Browser(f.issuer), f.issuer, req.url);
    await expect(
      client.authorizationCodeGrant(passport, callback, { expectedState: req.state, expectedNonce: req.nonce, pkceCodeVerifier: client.randomPKCECodeVerifier() }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  test('a client with PKCE required (the default) refuses the same request', async () => {
    const req = passportStyle(f.web, {}, 'https://rp.example/callback');
    const callback = await signInThrough(new Browser(f.issuer), f.issuer, req.url);
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- @types/jest types asymmetric matchers as any
    expect(errorOf(callback)).toEqual({ error: 'invalid_request', description: expect.stringMatching(/code_challenge is required/) });
  });

  test('a public client never skips PKCE, even if stored with it optional', async () => {
    const spa = await discover(f.issuer, 'spa-optional');
    const req = passportStyle(spa, {}, 'https://spa.example/cb');
    const callback = await signInThrough(new Browser(f.issuer), f.issuer, req.url);
    expect(errorOf(callback).error).toBe('invalid_request');
  });

  test('the CLI refuses PKCE optional for a public client and unknown values', async () => {
    const cli: CliContext = { store: f.ctx.store, clock: f.ctx.clock, config: f.ctx.config, out: { log: () => undefined } };
    const base = ['create', '--name', 'X', '--redirect-uri', 'https://x.example/cb'];
    await expect(runClients(cli, [...base, '--id', 'public-x', '--public', '--pkce', 'optional'])).rejects.toThrow(InvalidInput);
    await expect(runClients(cli, [...base, '--id', 'odd-x', '--pkce', 'sometimes'])).rejects.toThrow(/required or optional/);
    await expect(runClients(cli, ['update', 'spa', '--pkce', 'optional'])).rejects.toThrow(/public client/);
    await runClients(cli, ['update', 'passport-app', '--pkce', 'required']);
    expect((await f.ctx.store.clients.findById('passport-app'))!.pkceRequired).toBe(true);
    await runClients(cli, ['update', 'passport-app', '--pkce', 'optional']);
  });
});
