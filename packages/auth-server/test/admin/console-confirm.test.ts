import express from 'express';
import request from 'supertest';
import { consoleRenderer } from '../../src/admin/console/render.js';
import { createCsrf } from '../../src/security/csrf.js';

/** The confirmation page a page module shows before a destructive action. */
test('confirm: what will happen, Cancel back, Confirm posting with the CSRF token and the hidden fields', async () => {
  const csrf = createCsrf('x'.repeat(32), false);
  const { confirm } = consoleRenderer(csrf);
  const app = express();
  app.set('view engine', 'ejs');
  app.get('/admin/users/u1/delete', (_req, res) => {
    res.locals.admin = { accountId: 'a1', username: 'root' };
    confirm(res, { title: 'Delete user bob', message: 'Bob <and his sessions> will be gone.', action: '/admin/users/u1/delete', fields: { reason: 'x"y' }, confirmLabel: 'Delete', cancel: '/admin/users/u1' });
  });
  const res = await request(app).get('/admin/users/u1/delete');
  expect(res.status).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  const html = res.text;
  expect(html).toContain('<h1>Delete user bob</h1>');
  expect(html).toContain('Bob &lt;and his sessions&gt; will be gone.');
  expect(html).toMatch(/<form method="post" action="\/admin\/users\/u1\/delete" class="actions">\s*<input type="hidden" name="_csrf" value="[\w-]{43}">/);
  expect(html).toContain('<input type="hidden" name="reason" value="x&#34;y">');
  expect(html).toContain('<a class="button secondary" href="/admin/users/u1">Cancel</a>');
  expect(html).toContain('<button type="submit" class="danger">Delete</button>');
  expect(html).toContain('<a href="/admin/users" aria-current="page">Users</a>');
});
