export interface AuditEvent {
  id: string;
  type: string;
  accountId: string | null;
  clientId: string | null;
  ip: string | null;
  detail: Record<string, unknown> | null;
  createdAt: number;
}
