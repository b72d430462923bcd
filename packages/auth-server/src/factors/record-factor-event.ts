import type { Request } from 'express';
import type { AppContext } from '../app-context.js';
import { clientIp } from '../http/params.js';
import type { FactorId } from './factor-use.js';

export type FactorEvent = 'enrol' | 'use' | 'remove' | 'regenerate' | 'rename' | 'reset';

/**
 * One metric and one audit event for every enrolment, use and failure of a factor. `reason` is a
 * fixed word (never user input, never a code or secret).
 */
export async function recordFactorEvent(
  ctx: AppContext,
  req: Request,
  e: { factor: FactorId; event: FactorEvent; ok: boolean; accountId: string | null; reason?: string; detail?: Record<string, unknown> },
): Promise<void> {
  ctx.metrics.factors.inc({ factor: e.factor, event: e.event, result: e.ok ? 'success' : 'failure' });
  await ctx.audit({
    type: e.ok ? `factor_${e.event}` : `factor_${e.event}_failed`,
    accountId: e.accountId,
    ip: clientIp(req),
    detail: { factor: e.factor, ...(e.reason && { reason: e.reason }), ...e.detail },
  });
}
