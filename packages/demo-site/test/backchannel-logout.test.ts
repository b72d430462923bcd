import { generateKeyPair } from 'jose';
import request from 'supertest';
import { appFixture } from './fixtures/app-fixture.js';
import type { AppFixture } from './fixtures/app-fixture.js';

/** Back-Channel Logout 1.0: a valid logout token ends the sessions it names, anything else is refused. */
describe('POST /backchannel-logout', () => {
  let f: AppFixture;
  beforeEach(async () => {
    f = await appFixture();
  });

  const post = (token: string | undefined) =>
    request(f.app)
      .post('/backchannel-logout')
      .type('form')
      .send(token === undefined ? {} : { logout_token: token });

  const isSignedIn = async (cookie: string) => {
    const res = await request(f.app).get('/').set('Cookie', cookie);
    return res.text.includes('id="signed-in-heading"');
  };

  it('ends the session with the matching sid and leaves other sessions alone', async () => {
    const alice = f.signIn({ sub: 'alice', sid: 'sid-alice' });
    const bob = f.signIn({ sub: 'bob', sid: 'sid-bob' });
    expect(await isSignedIn(alice.cookie)).toBe(true);

    const res = await post(await f.logoutToken({ sub: 'alice', sid: 'sid-alice' }));
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(await isSignedIn(alice.cookie)).toBe(false);
    expect(await isSignedIn(bob.cookie)).toBe(true);
  });

  it('ends every session of a subject when only sub is given', async () => {
    const one = f.signIn({ sub: 'alice', sid: 'sid-1' });
    const two = f.signIn({ sub: 'alice', sid: 'sid-2' });
    expect((await post(await f.logoutToken({ sub: 'alice' }))).status).toBe(200);
    expect(await isSignedIn(one.cookie)).toBe(false);
    expect(await isSignedIn(two.cookie)).toBe(false);
  });

  const refusals: Array<[string, (f: AppFixture) => Promise<string | undefined>]> = [
    ['no logout_token', () => Promise.resolve(undefined)],
    ['a token that is not a JWT', () => Promise.resolve('not-a-jwt')],
    ['a signature from another key', async (fx) => fx.logoutToken({ sid: 'sid-alice' }, { key: (await generateKeyPair('RS256')).privateKey })],
    ['another issuer', async (fx) => fx.logoutToken({ sid: 'sid-alice', iss: 'http://evil.localhost:4000' })],
    ['another audience', async (fx) => fx.logoutToken({ sid: 'sid-alice', aud: 'demo-app-b' })],
    ['an expired token', async (fx) => fx.logoutToken({ sid: 'sid-alice', exp: Math.floor(fx.clock.now() / 1000) - 3600 })],
    ['a token not typed logout+jwt (an ID token, say)', async (fx) => fx.logoutToken({ sid: 'sid-alice' }, { typ: 'JWT' })],
    ['a token without the back-channel logout event', async (fx) => fx.logoutToken({ sid: 'sid-alice', events: {} })],
    ['a token with a nonce', async (fx) => fx.logoutToken({ sid: 'sid-alice', nonce: 'n' })],
    ['a token naming neither sid nor sub', async (fx) => fx.logoutToken({})],
  ];

  it.each(refusals)('refuses %s with 400 and keeps the session', async (_name, make) => {
    const alice = f.signIn({ sub: 'alice', sid: 'sid-alice' });
    const res = await post(await make(f));
    expect(res.status).toBe(400);
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- @types/jest types asymmetric matchers as any
    expect(res.body).toEqual({ error: 'invalid_request', error_description: expect.any(String) });
    expect(await isSignedIn(alice.cookie)).toBe(true);
  });

  it('refuses a replayed token (same jti)', async () => {
    const token = await f.logoutToken({ sid: 'sid-alice', jti: 'once' });
    expect((await post(token)).status).toBe(200);
    f.signIn({ sub: 'alice', sid: 'sid-alice' });
    expect((await post(token)).status).toBe(400);
  });

  it('needs no CSRF token: the auth server posts it server to server', async () => {
    const res = await post(await f.logoutToken({ sid: 'nobody' }));
    expect(res.status).toBe(200);
  });
});
