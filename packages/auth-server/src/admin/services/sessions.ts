import { logoutSession } from '../../sessions/logout.js';
import { NotFound } from '../admin-error.js';
import type { Caller, ServiceContext } from '../service-context.js';
import { findUser } from './find-user.js';
import { recordAdminEvent } from './admin-event.js';

/** A session as operators see it: its public `sid` (never the cookie or its hash). */
export interface UserSession {
  sid: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  authTime: number;
  userAgent: string | null;
  ip: string | null;
  /** Client ids the session signed in to. */
  apps: string[];
}

export async function listUserSessions(svc: ServiceContext, _caller: Caller, ref: string): Promise<UserSession[]> {
  const account = await findUser(svc, ref);
  const sessions = await svc.store.sessions.listActiveByAccount(account.id, svc.clock());
  return Promise.all(
    sessions.map(async (s) => ({
      sid: s.sid,
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      expiresAt: s.expiresAt,
      authTime: s.authTime,
      userAgent: s.userAgent,
      ip: s.ip,
      apps: await svc.store.sessions.listClients(s.sid),
    })),
  );
}

/** Ends one session as a logout would: its grants (not offline ones) and a back-channel logout to every app it reached. */
export async function endUserSession(svc: ServiceContext, caller: Caller, ref: string, sid: string): Promise<{ notified: number }> {
  const account = await findUser(svc, ref);
  const session = await svc.store.sessions.findBySid(sid);
  // Another user's session, or one already over: the same answer, so sids cannot be probed.
  if (!session || session.accountId !== account.id || session.endedAt !== null || session.expiresAt <= svc.clock()) throw new NotFound('No such session');
  const { notified } = await logoutSession(svc, sid, 'admin_ended_session');
  await recordAdminEvent(svc, caller, 'session_ended', { accountId: account.id }, { sid });
  return { notified: notified.length };
}

/** Every active session of the user, each ended as above. */
export async function endAllUserSessions(svc: ServiceContext, caller: Caller, ref: string): Promise<{ username: string; sessionsEnded: number }> {
  const account = await findUser(svc, ref);
  const sessions = await svc.store.sessions.listActiveByAccount(account.id, svc.clock());
  for (const s of sessions) await logoutSession(svc, s.sid, 'admin_ended_sessions');
  await recordAdminEvent(svc, caller, 'logout_everywhere', { accountId: account.id }, { sessions: sessions.length });
  return { username: account.username, sessionsEnded: sessions.length };
}
