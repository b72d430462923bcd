import { createAccount } from '../../src/accounts/create-account.js';
import type { Store } from '../../src/store/index.js';

export const PASSWORD = 'correct horse battery staple';

/** An account made straight in the store, as the admin CLI would. */
export async function makeAccount(store: Store, now: number, username = 'alice', roles: string[] = []) {
  return createAccount(store, now, { username, password: PASSWORD, roles });
}

export async function makeClient(store: Store, now: number, clientId = 'app-a', name = 'App A') {
  return store.clients.create(
    {
      clientId,
      name,
      secretHash: null,
      redirectUris: ['http://app-a.localhost:4002/callback'],
      postLogoutRedirectUris: [],
      backchannelLogoutUri: null,
      grantTypes: ['authorization_code'],
      scopes: ['openid', 'profile'],
      firstParty: true,
    },
    now,
  );
}
