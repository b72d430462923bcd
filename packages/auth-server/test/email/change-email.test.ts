import { createAccount } from '../../src/accounts/create-account.js';
import { browser, follow, linkIn, PASSWORD, signIn, startEmailFixture, type EmailFixture } from './email-fixture.js';

let f: EmailFixture;
beforeEach(async () => {
  f = await startEmailFixture();
  await createAccount(f.t.store, f.t.clock(), { username: 'cleo', email: 'cleo@example.com', password: PASSWORD });
  await createAccount(f.t.store, f.t.clock(), { username: 'dan', email: 'dan@example.com', password: PASSWORD });
});
afterEach(() => f.close());

async function signedIn(username: string) {
  const b = browser(f.t.app);
  expect((await signIn(b, username)).status).toBe(303);
  return b;
}
const ask = (b: ReturnType<typeof browser>, email: string, password = PASSWORD) => b.submit('/account/email', '/account/email', { email, current_password: password });

test('confirmed through the new address; the old address is told; the new one counts as verified', async () => {
  const b = await signedIn('cleo');
  const asked = await ask(b, ' Cleo.New@Example.com');
  expect(asked.status).toBe(200);
  expect(asked.text).toContain('We sent a link to cleo.new@example.com');
  // Nothing changes until the link is opened.
  expect((await f.t.store.accounts.findByUsername('cleo'))!.email).toBe('cleo@example.com');

  const [confirm] = await f.deliver();
  expect(confirm!.to).toEqual(['cleo.new@example.com']);
  const done = await follow(b, linkIn(confirm, '/account/email/confirm'));
  expect(done.status).toBe(200);
  expect(done.text).toContain('Your address is now cleo.new@example.com');
  expect(await f.t.store.accounts.findByUsername('cleo')).toMatchObject({ email: 'cleo.new@example.com', emailVerified: true });

  const [notice] = await f.deliver();
  expect(notice).toMatchObject({ to: ['cleo@example.com'], subject: 'Your e-mail address was changed' });
  expect(notice!.text).toContain('cleo.new@example.com');
  expect((await follow(b, linkIn(confirm, '/account/email/confirm'))).status).toBe(400);
});

test('asks for the current password, refuses a taken or malformed address, and needs a session', async () => {
  expect((await browser(f.t.app).get('/account/email')).headers.location).toBe('/login');
  const b = await signedIn('cleo');
  const wrong = await ask(b, 'cleo2@example.com', 'not-my-password');
  expect(wrong.status).toBe(400);
  expect(wrong.text).toContain('current password is not correct');
  expect((await ask(b, 'nope')).status).toBe(400);
  expect((await ask(b, 'cleo@example.com')).status).toBe(400);
  expect(await f.t.store.outbox.list()).toEqual([]);

  // Taken by the time the link is followed: a clear page, nothing changed.
  await ask(b, 'dan.new@example.com');
  const [mail] = await f.deliver();
  await f.t.store.accounts.update((await f.t.store.accounts.findByUsername('dan'))!.id, { email: 'dan.new@example.com' }, f.t.clock());
  const taken = await follow(b, linkIn(mail, '/account/email/confirm'));
  expect(taken.status).toBe(409);
  expect((await f.t.store.accounts.findByUsername('cleo'))!.email).toBe('cleo@example.com');
});

test('another account\'s, tampered and expired links change nothing', async () => {
  const cleo = await signedIn('cleo');
  await ask(cleo, 'cleo.next@example.com');
  const link = linkIn((await f.deliver())[0], '/account/email/confirm');
  const dan = await signedIn('dan');
  const other = await follow(dan, link);
  expect(other.status).toBe(400);
  expect(other.text).toContain('belongs to another account');
  expect((await follow(cleo, link.slice(0, -1) + (link.endsWith('A') ? 'B' : 'A'))).status).toBe(400);
  f.t.clock.advance(24 * 3600_000 + 1);
  const expired = await follow(cleo, link);
  expect(expired.status).toBe(400);
  expect(expired.text).toContain('expired');
  expect((await f.t.store.accounts.findByUsername('cleo'))!.email).toBe('cleo@example.com');
  expect((await f.t.store.accounts.findByUsername('dan'))!.email).toBe('dan@example.com');
});
