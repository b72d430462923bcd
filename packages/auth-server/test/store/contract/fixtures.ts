import { randomUUID } from 'node:crypto';
import type { Store } from '../../../src/store/types.js';
import type { Account } from '../../../src/accounts/account.js';
import type { Client } from '../../../src/clients/client.js';

export const T0 = Date.UTC(2026, 0, 1);
export const MIN = 60_000;
export const id = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

/** An open store plus a way to close and reopen the same database (a restart). */
export interface StoreHandle {
  store: Store;
  reopen(): Promise<Store>;
  cleanup(): Promise<void>;
}

export const newAccount = (store: Store, extra: Partial<Pick<Account, 'email' | 'name' | 'roles'>> = {}) =>
  store.accounts.create(
    { id: randomUUID(), username: id('user'), email: null, name: null, passwordHash: 'hash', roles: [], ...extra },
    T0,
  );

export const newClient = (store: Store, extra: Partial<Omit<Client, 'clientId' | 'createdAt' | 'updatedAt'>> = {}) =>
  store.clients.create(
    {
      clientId: id('client'),
      name: 'Client',
      secretHash: 'sha256:x',
      redirectUris: ['https://rp.example/cb'],
      postLogoutRedirectUris: ['https://rp.example/'],
      backchannelLogoutUri: 'https://rp.example/bcl',
      grantTypes: ['authorization_code', 'refresh_token'],
      scopes: ['openid', 'profile'],
      firstParty: true,
      ...extra,
    },
    T0,
  );

export async function newSession(store: Store, accountId: string, expiresAt = T0 + 60 * MIN) {
  return store.sessions.create({
    idHash: id('hash'),
    sid: id('sid'),
    accountId,
    authTime: T0,
    createdAt: T0,
    lastSeenAt: T0,
    expiresAt,
    userAgent: 'jest',
    ip: '127.0.0.1',
  });
}

export async function newGrant(store: Store, accountId: string, clientId: string, sid: string | null = null, expiresAt = T0 + 60 * MIN) {
  const grantId = id('grant');
  await store.grants.create({ id: grantId, clientId, accountId, sid, scope: 'openid offline_access', authTime: T0, createdAt: T0, expiresAt });
  return grantId;
}

export async function newRefreshToken(store: Store, grantId: string, accountId: string, clientId: string, expiresAt = T0 + 60 * MIN) {
  const tokenHash = id('rt');
  await store.refreshTokens.create({ tokenHash, grantId, clientId, accountId, scope: 'openid offline_access', createdAt: T0, expiresAt });
  return tokenHash;
}

export async function newCode(store: Store, accountId: string, clientId: string, expiresAt = T0 + MIN) {
  const codeHash = id('code');
  await store.codes.create({
    codeHash,
    grantId: id('grant'),
    clientId,
    accountId,
    sid: id('sid'),
    redirectUri: 'https://rp.example/cb',
    scope: 'openid',
    nonce: 'n-1',
    codeChallenge: 'challenge',
    codeChallengeMethod: 'S256',
    authTime: T0,
    createdAt: T0,
    expiresAt,
  });
  return codeHash;
}
