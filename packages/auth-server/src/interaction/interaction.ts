export interface Interaction {
  id: string;
  clientId: string;
  params: Record<string, string>;
  createdAt: number;
  expiresAt: number;
}
