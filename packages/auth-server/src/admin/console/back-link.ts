import { NAV } from './render.js';

export interface BackLink {
  href: string;
  label: string;
}

const DASHBOARD: BackLink = { href: '/admin', label: 'Back to the dashboard' };
/** A console path of plain URL segments (ids are percent-encoded): anything else falls back to the dashboard. */
const CONSOLE_PATH = /^\/admin(\/[\w.~%-]{1,200}){1,4}$/;

const section = (path: string): BackLink => {
  const nav = NAV.filter((n) => n.path !== '/admin' && (path === n.path || path.startsWith(`${n.path}/`)))[0];
  return nav ? { href: nav.path, label: `Back to ${nav.label}` } : DASHBOARD;
};

/**
 * Where the error page of a refused request leads: after a refused action (a POST to `<page>/<action>`),
 * the page the action came from; after a page that failed, its section of the nav.
 */
export function backLink(method: string, path: string): BackLink {
  if (!CONSOLE_PATH.test(path)) return DASHBOARD;
  if (method !== 'POST') return section(path);
  const from = path.slice(0, path.lastIndexOf('/'));
  if (from === '/admin') return DASHBOARD;
  const nav = NAV.find((n) => n.path === from);
  return { href: from, label: nav ? `Back to ${nav.label}` : 'Back to the page you came from' };
}
