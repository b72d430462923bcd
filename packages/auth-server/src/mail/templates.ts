import type { Mail } from './mailer.js';

const escape = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

interface Body {
  to: string;
  subject: string;
  /** Paragraphs of plain text. */
  lines: string[];
  action?: { label: string; url: string } | undefined;
  footer?: string | undefined;
}

/**
 * One layout for every mail: plain text and a small branded HTML part with inline styles only (mail
 * clients drop style sheets). The link is printed in full in both, so it works when copied.
 */
function render(b: Body): Mail {
  const text = [...b.lines, ...(b.action ? [`${b.action.label}:\n${b.action.url}`] : []), ...(b.footer ? [`--\n${b.footer}`] : [])].join('\n\n');
  const paras = b.lines.map((l) => `<p style="margin:0 0 16px">${escape(l)}</p>`).join('');
  const button = b.action
    ? `<p style="margin:24px 0"><a href="${escape(b.action.url)}" style="background:#1f4fd1;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none;font-weight:600">${escape(b.action.label)}</a></p>` +
      `<p style="margin:0 0 16px;font-size:13px;color:#555">Or open this address: <a href="${escape(b.action.url)}">${escape(b.action.url)}</a></p>`
    : '';
  const footer = b.footer ? `<p style="margin:24px 0 0;font-size:12px;color:#777">${escape(b.footer)}</p>` : '';
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1b1b1b;background:#f5f6f8;padding:24px">
<div style="max-width:520px;margin:auto;background:#fff;border-radius:8px;padding:24px">
<p style="margin:0 0 20px;font-weight:700;color:#1f4fd1">SSO</p>${paras}${button}${footer}</div></body></html>`;
  return { to: b.to, subject: b.subject, text, html };
}

const IGNORE = 'If you did not ask for this, you can ignore this mail: nothing changes.';

export const verifyEmailMail = (to: string, url: string): Mail =>
  render({ to, subject: 'Confirm your e-mail address', lines: ['Confirm that this address is yours. The link works once, for 24 hours.'], action: { label: 'Confirm e-mail address', url }, footer: IGNORE });

export const resetPasswordMail = (to: string, url: string): Mail =>
  render({
    to,
    subject: 'Reset your password',
    lines: ['Someone (hopefully you) asked to reset the password of your account. The link works once, for 30 minutes.'],
    action: { label: 'Choose a new password', url },
    footer: IGNORE,
  });

export const passwordWasResetMail = (to: string): Mail =>
  render({
    to,
    subject: 'Your password was reset',
    lines: ['The password of your account was just reset. Every session was signed out.', 'If this was not you, reset it again at once and tell your administrator.'],
  });

export const confirmEmailChangeMail = (to: string, url: string): Mail =>
  render({ to, subject: 'Confirm your new e-mail address', lines: ['Confirm this address to make it the e-mail of your account. The link works once, for 24 hours.'], action: { label: 'Confirm new address', url }, footer: IGNORE });

export const emailChangedMail = (to: string, newEmail: string): Mail =>
  render({
    to,
    subject: 'Your e-mail address was changed',
    lines: [`The e-mail address of your account was changed to ${newEmail}. Mails now go there.`, 'If this was not you, reset your password and tell your administrator.'],
  });
