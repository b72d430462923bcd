import { keyStatus, pickSigner } from '../../keys/key-schedule.js';
import { HOUR_MS, TOKENS_ISSUED } from '../../observability/activity-counts.js';
import type { HourCount } from '../../store/types.js';
import type { ServiceContext } from '../service-context.js';

export interface HourSeries {
  kind: 'sign_ins' | 'failed_sign_ins' | 'lockouts' | 'tokens_issued';
  label: string;
  /** 24 hours, oldest first; hours without events count 0. */
  hours: HourCount[];
  total: number;
}

export interface DashboardStats {
  /** The 24 whole hours shown: [from, to), the last one the current hour. */
  from: number;
  to: number;
  series: HourSeries[];
  activeSessions: number;
  signingKey: { kid: string; createdAt: number; activeFrom: number; rotationDue: number; overdue: boolean } | null;
  /** A key published ahead that will take over (a rotation under way). */
  upcomingKey: { kid: string; activeFrom: number } | null;
  outbox: { pending: number; failed: number };
}

const AUDITED: [HourSeries['kind'], string, string][] = [
  ['sign_ins', 'Sign-ins', 'login'],
  ['failed_sign_ins', 'Failed sign-ins', 'login_failed'],
  ['lockouts', 'Lockouts', 'lockout'],
];

function fill(from: number, rows: HourCount[]): HourCount[] {
  const byHour = new Map(rows.map((r) => [r.hourStart, r.count]));
  return Array.from({ length: 24 }, (_, i) => ({ hourStart: from + i * HOUR_MS, count: byHour.get(from + i * HOUR_MS) ?? 0 }));
}

/**
 * The dashboard's figures: sign-ins, failures and lockouts per hour from the audit log (one grouped
 * range query per type on its (type, created_at) index), tokens issued from the flushed activity
 * counts, and the state of sessions, signing keys and the outbox.
 */
export async function dashboardStats(svc: Pick<ServiceContext, 'store' | 'clock' | 'config' | 'keys'>): Promise<DashboardStats> {
  const now = svc.clock();
  const to = Math.floor(now / HOUR_MS) * HOUR_MS + HOUR_MS;
  const from = to - 24 * HOUR_MS;
  const [audited, tokens, activeSessions, keys, outbox] = await Promise.all([
    Promise.all(AUDITED.map(([, , type]) => svc.store.stats.auditHourly(type, from, to))),
    svc.store.stats.activityHourly(TOKENS_ISSUED, from, to),
    svc.store.stats.activeSessions(now),
    svc.keys.list(),
    svc.store.stats.outboxByStatus(),
  ]);
  const series: HourSeries[] = [
    ...AUDITED.map(([kind, label], i) => ({ kind, label, hours: fill(from, audited[i]!), total: 0 })),
    { kind: 'tokens_issued' as const, label: 'Tokens issued', hours: fill(from, tokens), total: 0 },
  ].map((s) => ({ ...s, total: s.hours.reduce((sum, h) => sum + h.count, 0) }));

  const signer = pickSigner(keys, now);
  const upcoming = keys.filter((k) => keyStatus(k, signer, now) === 'upcoming').sort((a, b) => a.activeFrom - b.activeFrom)[0];
  const rotationDue = signer ? signer.activeFrom + svc.config.keyRotationDays * 24 * HOUR_MS : 0;
  return {
    from,
    to,
    series,
    activeSessions,
    signingKey: signer ? { kid: signer.kid, createdAt: signer.createdAt, activeFrom: signer.activeFrom, rotationDue, overdue: rotationDue <= now && !upcoming } : null,
    upcomingKey: upcoming ? { kid: upcoming.kid, activeFrom: upcoming.activeFrom } : null,
    outbox: { pending: (outbox.pending ?? 0) + (outbox.sending ?? 0), failed: outbox.failed ?? 0 },
  };
}
