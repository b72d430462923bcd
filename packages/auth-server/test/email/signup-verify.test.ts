import { browser, follow, linkIn, PASSWORD, signIn, signUp, startEmailFixture, type EmailFixture } from './email-fixture.js';
import { scopedClaims } from '../../src/tokens/id-token.js';

let f: EmailFixture;
beforeEach(async () => {
  f = await startEmailFixture();
});
afterEach(() => f.close());

describe('sign-up with a verified e-mail', () => {
  test('the address is normalised, a verification mail travels over SMTP, its link verifies once', async () => {
    const b = browser(f.t.app);
    const res = await signUp(b, { username: 'nina', email: '  Nina@Example.COM ' });
    expect(res.status).toBe(303);
    const account = (await f.t.store.accounts.findByUsername('nina'))!;
    expect(account).toMatchObject({ email: 'nina@example.com', emailVerified: false });
    expect(scopedClaims(account, ['email'])).toEqual({ email: 'nina@example.com', email_verified: false });

    const [mail] = await f.deliver();
    expect(mail).toMatchObject({ to: ['nina@example.com'], subject: 'Confirm your e-mail address' });
    expect(mail!.html).toContain('Confirm e-mail address');
    const link = linkIn(mail, '/verify-email');
    // Only the hash of the token is stored.
    expect(JSON.stringify(await f.t.store.outbox.list({ limit: 10 }))).not.toContain(link.split('=')[1]);

    // Opening the link shows a button; nothing changes on GET (mail scanners prefetch links).
    const page = await b.get(link);
    expect(page.status).toBe(200);
    expect(page.text).toContain('nina@example.com');
    expect((await f.t.store.accounts.findById(account.id))!.emailVerified).toBe(false);

    const done = await follow(b, link);
    expect(done.status).toBe(200);
    expect(done.text).toContain('is confirmed');
    const verified = (await f.t.store.accounts.findById(account.id))!;
    expect(verified.emailVerified).toBe(true);
    expect(scopedClaims(verified, ['email'])).toEqual({ email: 'nina@example.com', email_verified: true });

    // Verified: the account page no longer offers a new link.
    expect((await b.get('/account')).text).not.toContain('id="resend-verification"');

    // Reuse: a clear page, 400.
    const again = await follow(b, link);
    expect(again.status).toBe(400);
    expect(again.text).toContain('already used');
  });

  test('the account page sends a new link, at most one per five minutes; an earlier link still works, once', async () => {
    const b = browser(f.t.app);
    await signUp(b, { username: 'olga', email: 'olga@example.com' });
    const [first] = await f.deliver();
    expect((await b.get('/account')).text).toContain('id="resend-verification"');
    expect((await b.submit('/account', '/account/verify-email', {})).headers.location).toBe('/account?done=verification-recent');
    expect(await f.deliver()).toEqual([]);
    f.t.clock.advance(5 * 60_000 + 1);
    expect((await b.submit('/account', '/account/verify-email', {})).headers.location).toBe('/account?done=verification-sent');
    const [second] = await f.deliver();
    expect(linkIn(second, '/verify-email')).not.toBe(linkIn(first, '/verify-email'));
    expect((await follow(b, linkIn(first, '/verify-email'))).status).toBe(200);
    expect((await f.t.store.accounts.findByUsername('olga'))!.emailVerified).toBe(true);
    expect((await follow(b, linkIn(first, '/verify-email'))).status).toBe(400);
  });

  test('tampered, expired and another account\'s links: a clear page, nothing changed', async () => {
    const alice = browser(f.t.app);
    await signUp(alice, { username: 'alice', email: 'alice@example.com' });
    const bob = browser(f.t.app);
    await signUp(bob, { username: 'bob', email: 'bob@example.com' });
    const mails = await f.deliver();
    const aliceLink = linkIn(mails.find((m) => m.to[0] === 'alice@example.com'), '/verify-email');

    const tampered = aliceLink.slice(0, -2) + (aliceLink.endsWith('AA') ? 'BB' : 'AA');
    const bad = await follow(alice, tampered);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('This link is not valid');
    expect((await alice.get('/verify-email?token=%3Cscript%3E')).status).toBe(400);

    // Bob, signed in on his browser, opens Alice's link.
    const other = await follow(bob, aliceLink);
    expect(other.status).toBe(400);
    expect(other.text).toContain('belongs to another account');
    const forged = await bob.submit('/account', '/verify-email', { token: aliceLink.split('=')[1]! });
    expect(forged.status).toBe(400);

    f.t.clock.advance(24 * 3600_000 + 1);
    const expired = await follow(alice, aliceLink);
    expect(expired.status).toBe(400);
    expect(expired.text).toContain('expired');
    for (const name of ['alice', 'bob']) expect((await f.t.store.accounts.findByUsername(name))!.emailVerified).toBe(false);
  });

  test('the form shows every problem at once, focuses the first, and needs a unique e-mail', async () => {
    const b = browser(f.t.app);
    const res = await b.submit('/signup', '/signup', { username: 'x', email: 'not-an-email', password: 'short', confirm_password: 'other' });
    expect(res.status).toBe(400);
    for (const id of ['username-error', 'email-error', 'password-error', 'confirm_password-error']) expect(res.text).toContain(`id="${id}"`);
    expect(res.text.match(/autofocus/g)).toHaveLength(1);
    expect(res.text).toMatch(/id="username"[^>]*autofocus/);

    const onlyConfirm = await b.submit('/signup', '/signup', { username: 'okname', email: 'ok@example.com', password: PASSWORD, confirm_password: 'typo' + PASSWORD });
    expect(onlyConfirm.status).toBe(400);
    expect(onlyConfirm.text).toMatch(/id="confirm_password"[^>]*autofocus/);
    expect(onlyConfirm.text).toContain('The two passwords differ');
    expect(onlyConfirm.text).not.toContain('id="username-error"');

    const missing = await b.submit('/signup', '/signup', { username: 'okname', password: PASSWORD, confirm_password: PASSWORD });
    expect(missing.status).toBe(400);
    expect(missing.text).toMatch(/id="email"[^>]*autofocus/);

    expect((await signUp(b, { username: 'first', email: 'same@example.com' })).status).toBe(303);
    const dup = await signUp(browser(f.t.app), { username: 'second', email: 'SAME@example.com ' });
    expect(dup.status).toBe(409);
    expect(dup.text).toContain('already uses this e-mail address');
    expect(await f.t.store.accounts.findByUsername('second')).toBeUndefined();
    expect(await f.t.store.outbox.list()).toHaveLength(1);
  });
});

describe('a verified e-mail required before sign-in', () => {
  test('REQUIRE_VERIFIED_EMAIL holds sign-in until the mailed link is followed', async () => {
    await f.close();
    f = await startEmailFixture({ REQUIRE_VERIFIED_EMAIL: 'true' });
    const b = browser(f.t.app);
    const held = await signUp(b, { username: 'vera', email: 'vera@example.com' });
    expect(held.status).toBe(403);
    expect(held.text).toContain('Confirm your e-mail address first');
    expect(b.jar.has('sso_session')).toBe(false);
    const [mail] = await f.deliver();

    // Signing in again right away: still held, and no second mail within five minutes.
    expect((await signIn(b, 'vera')).status).toBe(403);
    expect(await f.deliver()).toEqual([]);

    expect((await follow(b, linkIn(mail, '/verify-email'))).status).toBe(200);
    const ok = await signIn(b, 'vera');
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/account');
  });

  test('a client flag requires it for that client only, also for an existing session', async () => {
    const now = f.t.clock();
    const client = { secretHash: null, redirectUris: ['https://rp.example/cb'], postLogoutRedirectUris: [], backchannelLogoutUri: null, grantTypes: ['authorization_code'], scopes: ['openid', 'email'], firstParty: true };
    await f.t.store.clients.create({ ...client, clientId: 'strict', name: 'Strict', requireVerifiedEmail: true }, now);
    await f.t.store.clients.create({ ...client, clientId: 'relaxed', name: 'Relaxed' }, now);
    const b = browser(f.t.app);
    expect((await signUp(b, { username: 'uma', email: 'uma@example.com' })).status).toBe(303);
    const authorize = (clientId: string) =>
      b.get(`/authorize?response_type=code&client_id=${clientId}&redirect_uri=${encodeURIComponent('https://rp.example/cb')}&scope=openid&state=s&nonce=n&code_challenge=${'a'.repeat(43)}&code_challenge_method=S256`);
    expect((await authorize('relaxed')).headers.location).toMatch(/^https:\/\/rp\.example\/cb\?code=/);
    const strict = await authorize('strict');
    expect(strict.headers.location).toMatch(/^\/login\?interaction=/);
    const interaction = new URL(strict.headers.location!, 'http://x').searchParams.get('interaction')!;
    const held = await b.submit(strict.headers.location!, '/login', { username: 'uma', password: PASSWORD, interaction });
    expect(held.status).toBe(403);

    const [mail] = await f.deliver();
    expect((await follow(b, linkIn(mail, '/verify-email'))).status).toBe(200);
    expect((await authorize('strict')).headers.location).toMatch(/^https:\/\/rp\.example\/cb\?code=/);
  });
});
