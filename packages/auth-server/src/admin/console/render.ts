import type { Response } from 'express';
import { assetPath } from '../../assets.js';
import type { Csrf } from '../../security/csrf.js';
import type { ConsoleAdmin } from './console-context.js';

const viewsDir = assetPath('./admin/console/views/');

export const NAV = [
  { path: '/admin', label: 'Dashboard' },
  { path: '/admin/users', label: 'Users' },
  { path: '/admin/clients', label: 'Clients' },
  { path: '/admin/apis', label: 'APIs' },
  { path: '/admin/keys', label: 'Keys' },
  { path: '/admin/outbox', label: 'Outbox' },
  { path: '/admin/audit', label: 'Audit log' },
] as const;

export interface ConfirmPage {
  title: string;
  /** What will happen, in a sentence or two. */
  message: string;
  /** Where Confirm posts (a console path). */
  action: string;
  /** Hidden fields posted with it, besides the CSRF token. */
  fields?: Record<string, string>;
  /** One choice posted with it: a select of `options` ([value, label]), the first selected. */
  choice?: { name: string; label: string; options: [value: string, label: string][] };
  confirmLabel?: string;
  /** Where Cancel goes. */
  cancel: string;
}

/** The section of the nav a path belongs to: the longest matching entry. */
const sectionOf = (path: string): string =>
  NAV.filter((n) => path === n.path || path.startsWith(`${n.path}/`)).sort((a, b) => b.path.length - a.path.length)[0]?.path ?? '/admin';

/**
 * Renders a console view with the layout's locals. Never cached: pages carry admin data and form
 * tokens (OWASP Session Management Cheat Sheet, "Web Content Caching").
 */
export function consoleRenderer(csrf: Csrf) {
  const render = (res: Response, view: string, data: Record<string, unknown> = {}, status = 200): void => {
    const req = res.req;
    res.set('Cache-Control', 'no-store');
    res.status(status).render(`${viewsDir}${view}.ejs`, {
      title: 'Admin console',
      csrfToken: csrf.token(req, res),
      admin: (res.locals.admin as ConsoleAdmin | undefined) ?? null,
      nav: NAV,
      section: sectionOf(req.baseUrl + req.path),
      ...data,
    });
  };
  const confirm = (res: Response, page: ConfirmPage): void =>
    render(res, 'confirm', { title: page.title, page: { fields: {}, confirmLabel: 'Confirm', ...page } });
  return { render, confirm };
}
