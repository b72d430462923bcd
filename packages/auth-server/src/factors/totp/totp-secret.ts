export interface TotpSecret {
  accountId: string;
  sealedSecret: string;
  confirmedAt: number | null;
  lastStep: number | null;
  createdAt: number;
}
