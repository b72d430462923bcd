import type { Store } from '../../src/store/types.js';
import { accountsAndClients } from './contract/accounts-clients.js';
import { apisContract } from './contract/apis.js';
import { consentsAuditKeys } from './contract/consents-audit-keys.js';
import { factorTables } from './contract/factors.js';
import type { StoreHandle } from './contract/fixtures.js';
import { grantsAndTokens } from './contract/grants-tokens.js';
import { housekeeping } from './contract/housekeeping.js';
import { purgeAndRestart } from './contract/purge-restart.js';
import { sessionsAndCodes } from './contract/sessions-codes.js';

/**
 * What every Store engine must do, run against each engine. One database per engine; tests use
 * fresh ids so they do not see each other's rows.
 */
export function storeContract(name: string, open: () => Promise<StoreHandle>): void {
  describe(`Store contract: ${name}`, () => {
    let handle: StoreHandle;
    let current: Store;
    beforeAll(async () => {
      handle = await open();
      current = handle.store;
    });
    afterAll(() => handle?.cleanup());
    const store = () => current;
    const reopening = (): StoreHandle => ({
      ...handle,
      reopen: async () => (current = await handle.reopen()),
    });

    accountsAndClients(store);
    sessionsAndCodes(store);
    grantsAndTokens(store);
    consentsAuditKeys(store);
    apisContract(store);
    factorTables(store);
    housekeeping(store);
    purgeAndRestart(reopening, store);
  });
}
