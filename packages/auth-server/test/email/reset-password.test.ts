import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAccount } from '../../src/accounts/create-account.js';
import { browser, follow, linkIn, NEW_PASSWORD, PASSWORD, signIn, startEmailFixture, type EmailFixture } from './email-fixture.js';

let f: EmailFixture;
beforeEach(async () => {
  f = await startEmailFixture();
  await createAccount(f.t.store, f.t.clock(), { username: 'rosa', email: 'rosa@example.com', password: PASSWORD });
  await createAccount(f.t.store, f.t.clock(), { username: 'otto', email: 'otto@example.com', password: PASSWORD });
});
afterEach(() => f.close());

const forgot = (email: string, b = browser(f.t.app)) => b.submit('/forgot-password', '/forgot-password', { email });
/** The page with its per-response CSRF token blanked, to compare two answers. */
const comparable = (html: string) => html.replace(/name="_csrf" value="[^"]*"/g, '');

async function resetLink(email = 'rosa@example.com'): Promise<string> {
  await forgot(email);
  const mails = await f.deliver();
  return linkIn(mails.find((m) => m.subject === 'Reset your password'), '/reset-password');
}

describe('forgot password', () => {
  test('the login page links to it', async () => {
    expect((await browser(f.t.app).get('/login')).text).toContain('id="forgot-link" href="/forgot-password"');
  });

  test('the answer is the same whether or not an account has the address: status, text, work done', async () => {
    const known = await forgot('Rosa@Example.com');
    const unknown = await forgot('nobody@example.com');
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(comparable(known.text)).toBe(comparable(unknown.text));
    expect(known.text).toContain('If an account uses that address');
    // The request itself only queues; the lookup happens later, in the outbox worker.
    expect((await f.t.store.outbox.list()).map((i) => i.kind)).toEqual(['reset_password', 'reset_password']);
    const mails = await f.deliver();
    expect(mails.map((m) => m.to[0])).toEqual(['rosa@example.com']);
    expect(mails[0]!.text).toContain('30 minutes');
  });

  test('timing: known and unknown addresses take the same time (medians within 25 ms)', async () => {
    const time = async (email: string) => {
      const b = browser(f.t.app);
      const page = await b.get('/forgot-password');
      const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
      const start = process.hrtime.bigint();
      await b.post('/forgot-password', { _csrf: token, email });
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 8; i++) {
      known.push(await time('rosa@example.com'));
      unknown.push(await time(`ghost${i}@example.com`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
    expect(Math.abs(median(known) - median(unknown))).toBeLessThan(25);
  });

  test('a malformed address is a 400 on the form; the per-IP limit answers 429 for known and unknown alike', async () => {
    const bad = await forgot('not-an-address');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Enter a valid e-mail address');
    await f.close();
    f = await startEmailFixture({ RATE_LIMIT_LOGIN_PER_MINUTE: '2' });
    const b = browser(f.t.app);
    expect((await forgot('a@example.com', b)).status).toBe(200);
    expect((await forgot('b@example.com', b)).status).toBe(200);
    expect((await forgot('c@example.com', b)).status).toBe(429);
  });

  test('per account: at most three reset mails an hour, whoever asks', async () => {
    for (let i = 0; i < 5; i++) await forgot('rosa@example.com');
    expect((await f.deliver()).length).toBe(3);
    f.t.clock.advance(3600_000 + 1);
    await forgot('rosa@example.com');
    expect((await f.deliver()).length).toBe(1);
  });
});

describe('reset password through the mailed link', () => {
  let receiver: Server;
  const logoutTokens: string[] = [];
  beforeEach(async () => {
    logoutTokens.length = 0;
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        logoutTokens.push(new URLSearchParams(body).get('logout_token') ?? '');
        res.writeHead(200).end();
      });
    }).listen(0, '127.0.0.1');
    await once(receiver, 'listening');
  });
  afterEach(async () => {
    receiver.closeAllConnections();
    await new Promise((r) => receiver.close(r));
  });

  test('sets the password, ends every session, revokes every grant, tells the apps, clears the lockout', async () => {
    const now = f.t.clock();
    const rosa = (await f.t.store.accounts.findByUsername('rosa'))!;
    const uri = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/logout`;
    await f.t.store.clients.create(
      { clientId: 'app', name: 'App', secretHash: null, redirectUris: ['https://app.example/cb'], postLogoutRedirectUris: [], backchannelLogoutUri: uri, grantTypes: ['authorization_code'], scopes: ['openid'], firstParty: true },
      now,
    );
    const elsewhere = browser(f.t.app);
    expect((await signIn(elsewhere, 'rosa')).status).toBe(303);
    const [session] = await f.t.store.sessions.listActiveByAccount(rosa.id, now);
    await f.t.store.sessions.addClient(session!.sid, 'app', now);
    await f.t.store.grants.create({ id: 'offline-grant', clientId: 'app', accountId: rosa.id, sid: null, scope: 'openid offline_access', authTime: now, createdAt: now, expiresAt: now + 3600_000 });
    await f.t.store.accounts.update(rosa.id, { failedLogins: 9, lockedUntil: now + 3600_000 }, now);

    const link = await resetLink();
    const b = browser(f.t.app);
    const form = await b.get(link);
    expect(form.status).toBe(200);
    expect(form.text).toMatch(/id="new_password"[^>]*autofocus/);
    const token = new URL(link, 'http://x').searchParams.get('token')!;

    // A typo in the confirmation: the form again, nothing changed, the link still good.
    const typo = await b.submit(link, '/reset-password', { token, new_password: NEW_PASSWORD, confirm_password: `${NEW_PASSWORD}x` });
    expect(typo.status).toBe(400);
    expect(typo.text).toContain('The two passwords differ');
    expect((await f.t.store.accounts.findById(rosa.id))!.passwordHash).toBe(rosa.passwordHash);

    const done = await b.submit(link, '/reset-password', { token, new_password: NEW_PASSWORD, confirm_password: NEW_PASSWORD });
    expect(done.status).toBe(200);
    expect(done.text).toContain('Every session of your account was signed out');

    // One logout token for the session (sub + sid), one for the offline grant it did not come from (sub only).
    const claims = logoutTokens.map((t) => JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString()) as { sub: string; sid?: string });
    expect(claims.map((c) => c.sid ?? null).sort()).toEqual([null, session!.sid].sort());
    expect(claims.every((c) => c.sub === rosa.id)).toBe(true);
    expect((await elsewhere.get('/account')).status).toBe(303);
    expect((await f.t.store.grants.find('offline-grant'))!.revokedAt).not.toBeNull();
    const after = (await f.t.store.accounts.findById(rosa.id))!;
    expect(after).toMatchObject({ failedLogins: 0, lockedUntil: null });
    expect((await signIn(browser(f.t.app), 'rosa', PASSWORD)).status).toBe(401);
    expect((await signIn(browser(f.t.app), 'rosa', NEW_PASSWORD)).status).toBe(303);
    expect((await f.deliver()).map((m) => m.subject)).toEqual(['Your password was reset']);

    // Reused: a clear page, and the password stays.
    const again = await b.submit('/forgot-password', '/reset-password', { token, new_password: 'yet-another-pass-phrase', confirm_password: 'yet-another-pass-phrase' });
    expect(again.status).toBe(400);
    expect(again.text).toContain('already used');
    expect((await b.get(link)).status).toBe(400);
    expect((await signIn(browser(f.t.app), 'rosa', NEW_PASSWORD)).status).toBe(303);
  });

  test('expired, tampered and another account\'s links: a clear page, nothing changed', async () => {
    const link = await resetLink();
    const token = new URL(link, 'http://x').searchParams.get('token')!;
    const tamperedToken = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    const b = browser(f.t.app);
    const tampered = await b.submit('/forgot-password', '/reset-password', { token: tamperedToken, new_password: NEW_PASSWORD, confirm_password: NEW_PASSWORD });
    expect(tampered.status).toBe(400);
    expect(tampered.text).toContain('This link is not valid');
    expect(tampered.text).toContain('href="/forgot-password"');

    const otto = browser(f.t.app);
    await signIn(otto, 'otto');
    const other = await follow(otto, link);
    expect(other.status).toBe(400);
    expect(other.text).toContain('belongs to another account');
    const forged = await otto.submit('/account', '/reset-password', { token, new_password: NEW_PASSWORD, confirm_password: NEW_PASSWORD });
    expect(forged.status).toBe(400);

    f.t.clock.advance(30 * 60_000 + 1);
    const expired = await b.submit('/forgot-password', '/reset-password', { token, new_password: NEW_PASSWORD, confirm_password: NEW_PASSWORD });
    expect(expired.status).toBe(400);
    expect(expired.text).toContain('expired');
    for (const name of ['rosa', 'otto']) expect((await signIn(browser(f.t.app), name, PASSWORD)).status).toBe(303);
  });
});
