import * as sessions from '../admin/services/sessions.js';
import * as users from '../admin/services/users.js';
import { iso, type CliContext } from './cli-context.js';
import { CLI_CALLER, cliServiceContext } from './cli-service-context.js';
import { userStatusText } from './users-command.js';

/** `users show U`: profile, status and enrolled factors (never a secret). */
export async function showUser(ctx: CliContext, username: string): Promise<void> {
  const u = await users.getUser(cliServiceContext(ctx), CLI_CALLER, username);
  const passkeys = u.factors.passkeys.map((p) => p.name).join(', ');
  const lines: [string, string][] = [
    ['Username', u.username],
    ['Id', u.id],
    ['Name', u.name ?? '-'],
    ['E-mail', u.email ? `${u.email} (${u.emailVerified ? 'verified' : 'not verified'})` : '-'],
    ['Roles', u.roles.join(', ') || '-'],
    ['Status', u.status === 'disabled' ? `disabled since ${iso(u.disabledAt)}` : userStatusText(u)],
    ['Failed logins', String(u.failedLogins)],
    ['Second factor', u.mfaRequired ? 'required' : 'not required'],
    ['Authenticator app', u.factors.totp ? 'enrolled' : '-'],
    ['Passkeys', u.factors.passkeys.length ? `${u.factors.passkeys.length} (${passkeys})` : '-'],
    ['Recovery codes left', String(u.factors.recoveryCodesLeft)],
    ['Created', iso(u.createdAt)],
  ];
  for (const [label, value] of lines) ctx.out.log(`${`${label}:`.padEnd(21)}${value}`);
}

/** `users sessions U`: active sessions by public sid (the cookie is never shown). */
export async function listSessions(ctx: CliContext, username: string): Promise<void> {
  const list = await sessions.listUserSessions(cliServiceContext(ctx), CLI_CALLER, username);
  if (list.length === 0) return ctx.out.log('No active sessions.');
  ctx.out.log('SID\tCREATED\tLAST SEEN\tIP\tAPPS\tUSER AGENT');
  for (const s of list) ctx.out.log(`${s.sid}\t${iso(s.createdAt)}\t${iso(s.lastSeenAt)}\t${s.ip ?? '-'}\t${s.apps.join(',') || '-'}\t${s.userAgent ?? '-'}`);
}

/** `users end-sessions U`: every session ends, each app it reached is told (back-channel logout). */
export async function endSessions(ctx: CliContext, username: string): Promise<void> {
  const r = await sessions.endAllUserSessions(cliServiceContext(ctx), CLI_CALLER, username);
  ctx.out.log(`Ended ${r.sessionsEnded} session(s) of ${r.username}`);
}
