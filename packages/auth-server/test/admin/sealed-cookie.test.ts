import express from 'express';
import request from 'supertest';
import { sealedCookie } from '../../src/admin/console/sealed-cookie.js';

const SECRET = 's'.repeat(40);

function app(secure: boolean, label = 'admin-console-session') {
  const cookie = sealedCookie<{ who: string }>(SECRET, { name: 'sso_admin', label, path: '/admin', secure });
  const a = express();
  a.get('/admin/set', async (_req, res) => {
    await cookie.write(res, { who: 'root' });
    res.end();
  });
  a.get('/admin/get', async (req, res) => {
    res.json((await cookie.read(req)) ?? null);
  });
  return a;
}

test('with an https issuer: __Secure- name, Secure, HttpOnly, SameSite=Lax, Path=/admin', async () => {
  const res = await request(app(true)).get('/admin/set');
  expect(res.headers['set-cookie']?.[0]).toMatch(/^__Secure-sso_admin=[\w.-]+; Path=\/admin; HttpOnly; Secure; SameSite=Lax$/);
});

test('over http: plain name, not Secure (browsers would drop it)', async () => {
  const res = await request(app(false)).get('/admin/set');
  expect(res.headers['set-cookie']?.[0]).toMatch(/^sso_admin=[\w.-]+; Path=\/admin; HttpOnly; SameSite=Lax$/);
});

test('sealed: unreadable in the browser, opens only under its own label, a changed byte opens nothing', async () => {
  const set = (await request(app(false)).get('/admin/set')).headers['set-cookie']![0]!;
  const pair = set.split(';')[0]!;
  expect(Buffer.from(pair.split('.')[3] ?? '', 'base64url').toString()).not.toContain('root');
  expect((await request(app(false)).get('/admin/get').set('Cookie', pair)).body).toEqual({ who: 'root' });
  expect((await request(app(false, 'admin-console-sign-in')).get('/admin/get').set('Cookie', pair)).body).toBeNull();
  const flipped = pair.slice(0, -2) + (pair.endsWith('AA') ? 'BB' : 'AA');
  expect((await request(app(false)).get('/admin/get').set('Cookie', flipped)).body).toBeNull();
});
