export interface Passkey {
  credentialId: string;
  accountId: string;
  publicKey: string;
  counter: number;
  transports: string[];
  deviceType: string;
  backedUp: boolean;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface WebauthnChallenge {
  challenge: string;
  purpose: 'register' | 'authenticate';
  accountId: string | null;
  expiresAt: number;
}
