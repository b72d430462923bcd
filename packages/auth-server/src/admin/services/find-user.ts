import { normalizeUsername } from '../../accounts/create-account.js';
import type { Account } from '../../accounts/account.js';
import { NotFound } from '../admin-error.js';
import type { ServiceContext } from '../service-context.js';

/** Account ids are UUIDs (36 characters), usernames at most 32: one string names either. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A user by id (API, console) or username (CLI); NotFound when neither matches. */
export async function findUser(svc: Pick<ServiceContext, 'store'>, ref: string): Promise<Account> {
  const account = UUID.test(ref) ? await svc.store.accounts.findById(ref.toLowerCase()) : await svc.store.accounts.findByUsername(normalizeUsername(ref));
  if (!account) throw new NotFound(`No user ${ref}`);
  return account;
}
