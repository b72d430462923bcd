import { backLink } from './back-link.js';

test('a refused action leads back to the page it came from; a failed page to its section', () => {
  expect(backLink('POST', '/admin/users/u%201/grant-role')).toEqual({ href: '/admin/users/u%201', label: 'Back to the page you came from' });
  expect(backLink('POST', '/admin/keys/rotate')).toEqual({ href: '/admin/keys', label: 'Back to Keys' });
  expect(backLink('POST', '/admin/clients/web-shop/delete')).toEqual({ href: '/admin/clients/web-shop', label: 'Back to the page you came from' });
  expect(backLink('GET', '/admin/users/nobody')).toEqual({ href: '/admin/users', label: 'Back to Users' });
  expect(backLink('GET', '/admin/callback')).toEqual({ href: '/admin', label: 'Back to the dashboard' });
  expect(backLink('POST', '/admin/logout')).toEqual({ href: '/admin', label: 'Back to the dashboard' });
});

test('an odd path leads to the dashboard, never to where it points', () => {
  for (const path of ['/admin//evil.example/x', '/admin/users/a"b/unlock', '/elsewhere/x/y', `/admin/users/${'a'.repeat(300)}/unlock`, '/admin/a/b/c/d/e/f']) {
    expect(backLink('POST', path)).toEqual({ href: '/admin', label: 'Back to the dashboard' });
  }
});
