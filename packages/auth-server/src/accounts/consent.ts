export interface Consent {
  accountId: string;
  clientId: string;
  scopes: string[];
  createdAt: number;
  updatedAt: number;
}
