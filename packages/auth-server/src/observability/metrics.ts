import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one app instance; a registry per instance keeps tests independent. */
export interface Metrics {
  registry: Registry;
  httpRequests: Histogram<'method' | 'route' | 'status'>;
  logins: Counter<'result'>;
  tokensIssued: Counter<'grant_type'>;
  lockouts: Counter;
  refreshReuse: Counter;
  /** Enrolments, uses and failures of sign-in factors (issue 11). */
  factors: Counter<'factor' | 'event' | 'result'>;
}

export function createMetrics(opts: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    factors: new Counter({
      name: 'auth_factor_events_total',
      help: 'Sign-in factor enrolments, uses and removals by result',
      labelNames: ['factor', 'event', 'result'],
      registers: [registry],
    }),
    httpRequests: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    logins: new Counter({ name: 'auth_logins_total', help: 'Password logins by result', labelNames: ['result'], registers: [registry] }),
    tokensIssued: new Counter({
      name: 'auth_tokens_issued_total',
      help: 'Token responses by grant type',
      labelNames: ['grant_type'],
      registers: [registry],
    }),
    lockouts: new Counter({ name: 'auth_lockouts_total', help: 'Accounts locked after failed logins', registers: [registry] }),
    refreshReuse: new Counter({
      name: 'auth_refresh_token_reuse_total',
      help: 'Rotated refresh tokens presented again (family revoked)',
      registers: [registry],
    }),
  };
}
