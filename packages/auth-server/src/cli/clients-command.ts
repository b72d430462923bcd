import { CLI_ACTOR } from '../admin/actor.js';
import type { ClientView } from '../admin/services/client-view.js';
import { createClient, deleteClient, getClient, listClients, rotateClientSecret, updateClient, type ClientInput, type ClientUpdate } from '../admin/services/clients.js';
import { iso, type CliContext } from './cli-context.js';
import { eachPage } from './paging.js';

const cli = { actor: CLI_ACTOR };

export function describeClient(c: ClientView): string[] {
  return [
    `client_id:           ${c.clientId}`,
    `name:                ${c.name}`,
    `type:                ${c.type === 'public' ? 'public (PKCE, no secret)' : 'confidential (secret stored as a hash)'}`,
    `first party:         ${c.firstParty ? 'yes (no consent screen)' : 'no'}`,
    `PKCE:                ${c.pkceRequired ? 'required' : 'optional (weaker: nonce required without it)'}`,
    `verified e-mail:     ${c.requireVerifiedEmail ? 'required before sign-in' : 'not required'}`,
    `second factor:       ${c.requireMfa ? 'required' : 'when the account has one'}`,
    ...(c.previousSecretValidUntil === null ? [] : [`previous secret:     accepted until ${iso(c.previousSecretValidUntil)}`]),
    `grant types:         ${c.grantTypes.join(' ')}`,
    `scopes:              ${c.scopes.join(' ')}`,
    `redirect URIs:       ${c.redirectUris.join(' ') || '-'}`,
    `post-logout URIs:    ${c.postLogoutRedirectUris.join(' ') || '-'}`,
    `back-channel logout: ${c.backchannelLogoutUri ?? '-'}`,
    `created / updated:   ${iso(c.createdAt)} / ${iso(c.updatedAt)}`,
  ];
}

/** `clients create`: a confidential client's secret is printed here once and never again. */
export async function createClientCommand(ctx: CliContext, input: ClientInput): Promise<void> {
  const { client, secret } = await createClient(ctx, cli, input);
  ctx.out.log(describeClient(client).join('\n'));
  if (secret) ctx.out.log(`client_secret:       ${secret}\n\nStore the secret now: it is shown only once and cannot be recovered.`);
}

export async function updateClientCommand(ctx: CliContext, clientId: string, patch: ClientUpdate): Promise<void> {
  ctx.out.log(describeClient(await updateClient(ctx, cli, clientId, patch)).join('\n'));
}

export async function rotateClientSecretCommand(ctx: CliContext, clientId: string, graceSeconds?: number): Promise<void> {
  const { secret, previousSecretExpiresAt } = await rotateClientSecret(ctx, cli, clientId, { graceSeconds });
  const previous =
    previousSecretExpiresAt === null ? 'The previous secret no longer works.' : `The previous secret keeps working until ${new Date(previousSecretExpiresAt).toISOString()}.`;
  ctx.out.log(`client_secret: ${secret}\n\nStore the secret now: it is shown only once. ${previous}`);
}

export async function deleteClientCommand(ctx: CliContext, clientId: string): Promise<void> {
  const { revokedGrants } = await deleteClient(ctx, cli, clientId);
  ctx.out.log(`Deleted client ${clientId}${revokedGrants ? `; revoked ${revokedGrants} grant(s) and their refresh tokens` : ''}`);
}

/** By client id, a page at a time; `after` and `limit` show one slice. */
export async function listClientsCommand(ctx: CliContext, opts: { after?: string | undefined; limit?: number | undefined } = {}): Promise<void> {
  const shown = await eachPage(async (page) => (await listClients(ctx, cli, page)).items, (c) => c.clientId, opts, (c) =>
    ctx.out.log(`${c.clientId}\t${c.type}\t${c.grantTypes.join(',')}\t${c.name}`),
  );
  if (shown === 0) ctx.out.log('No clients.');
}

export async function showClientCommand(ctx: CliContext, clientId: string): Promise<void> {
  ctx.out.log(describeClient(await getClient(ctx, cli, clientId)).join('\n'));
}
