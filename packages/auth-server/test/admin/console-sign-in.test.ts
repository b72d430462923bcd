import { ADMIN, startConsoleFixture, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
beforeAll(async () => {
  f = await startConsoleFixture();
});
afterAll(() => f.close());

test('an admin signs in through the login page and sees the dashboard', async () => {
  const res = await f.browser.get('/admin');
  expect(res.status).toBe(200);
  const html = await res.text();
  expect(html).toContain('Dashboard');
  expect(html).toContain(`Signed in as <strong>${ADMIN.username}</strong>`);
});
