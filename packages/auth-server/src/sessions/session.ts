export interface Session {
  idHash: string;
  sid: string;
  accountId: string;
  authTime: number;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  userAgent: string | null;
  ip: string | null;
  endedAt: number | null;
}
