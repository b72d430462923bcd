export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** One side effect waiting to happen: a mail or a back-channel logout (see outbox/). */
export interface OutboxItem {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}
