import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CapturedMail, MailCatcher } from './mail-catcher.js';

const escape = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Text with its http(s) links made clickable; everything else escaped. */
function linkify(text: string): string {
  return text
    .split(/(https?:\/\/[^\s<>"]+)/g)
    .map((part, i) => (i % 2 === 1 ? `<a href="${escape(part)}">${escape(part)}</a>` : escape(part)))
    .join('');
}

function mailHtml(m: CapturedMail): string {
  return `<article class="mail" id="mail-${m.id}">
<h2>${escape(m.subject)}</h2>
<p class="meta">To <span class="to">${escape(m.to.join(', '))}</span> · from ${escape(m.from)} · ${new Date(m.receivedAt).toISOString()}</p>
<pre>${linkify(m.text)}</pre>
</article>`;
}

function page(mails: CapturedMail[]): string {
  const list = mails.length ? [...mails].reverse().map(mailHtml).join('\n') : '<p>No mail yet. Sign up or ask for a password reset, then reload.</p>';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dev inbox</title>
<meta name="referrer" content="no-referrer">
<style>body{font-family:system-ui,sans-serif;max-width:760px;margin:24px auto;padding:0 16px;color:#1b1b1b}
.mail{border:1px solid #ccd;border-radius:8px;padding:12px 16px;margin:12px 0}.meta{color:#555;font-size:13px}
pre{white-space:pre-wrap;word-break:break-all;font-family:inherit}</style></head>
<body><h1>Dev inbox</h1><p>Mails the auth server sent to the development SMTP catcher, newest first (${mails.length}). Reload for new ones.</p>
${list}</body></html>`;
}

/** The development inbox page: every captured mail, newest first, links clickable; /messages.json too. */
export async function startInboxPage(catcher: MailCatcher, opts: { port?: number; host?: string } = {}): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const headers = { 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'", 'x-content-type-options': 'nosniff' };
    if (req.method !== 'GET') return void res.writeHead(405, headers).end();
    if (req.url === '/messages.json') return void res.writeHead(200, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(catcher.mails));
    if (req.url === '/' || req.url?.startsWith('/?')) return void res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(page(catcher.mails));
    res.writeHead(404, headers).end('Not found');
  });
  server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1');
  await once(server, 'listening');
  const url = `http://${opts.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;
  return { url, server, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
