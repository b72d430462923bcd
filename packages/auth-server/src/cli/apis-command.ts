import { CLI_ACTOR } from '../admin/actor.js';
import type { ApiView } from '../admin/services/api-view.js';
import { createApi, deleteApi, getApi, listApis, rotateApiSecret, updateApi, type ApiInput, type ApiUpdate } from '../admin/services/apis.js';
import { iso, type CliContext } from './cli-context.js';

const cli = { actor: CLI_ACTOR };

export function describeApi(a: ApiView, ttlDefault: number): string[] {
  return [
    `identifier (aud):    ${a.identifier}${a.builtIn ? ' (the server\'s own, read-only)' : ''}`,
    `name:                ${a.name}`,
    `access-token TTL:    ${a.accessTokenTtl ?? `${ttlDefault} (server default)`} s`,
    `roles in tokens:     ${a.includeRoles ? 'yes' : 'no'}`,
    `introspection:       ${a.hasIntrospectionSecret ? 'has a secret (client_id = the identifier)' : 'no credentials (apis rotate-secret)'}`,
    'scopes:',
    ...a.scopes.map((s) => `  ${s.name.padEnd(20)} ${s.description}`),
    `created / updated:   ${iso(a.createdAt)} / ${iso(a.updatedAt)}`,
  ];
}

/** `apis create`: its identifier becomes the `aud` of tokens for it. */
export async function createApiCommand(ctx: CliContext, input: ApiInput): Promise<void> {
  const { api } = await createApi(ctx, cli, input);
  ctx.out.log(describeApi(api, ctx.config.ttl.accessToken).join('\n'));
}

export async function updateApiCommand(ctx: CliContext, identifier: string, patch: ApiUpdate): Promise<void> {
  ctx.out.log(describeApi(await updateApi(ctx, cli, identifier, patch), ctx.config.ttl.accessToken).join('\n'));
}

export async function deleteApiCommand(ctx: CliContext, identifier: string): Promise<void> {
  await deleteApi(ctx, cli, identifier);
  ctx.out.log(`Deleted API ${identifier}`);
}

/** Credentials for /introspect (RFC 7662 §2.1), shown once. */
export async function rotateApiSecretCommand(ctx: CliContext, identifier: string): Promise<void> {
  const { secret } = await rotateApiSecret(ctx, cli, identifier);
  ctx.out.log(`client_id:     ${identifier}\nclient_secret: ${secret}\n\nStore the secret now: it is shown only once. The API introspects tokens addressed to it with these.`);
}

export async function listApisCommand(ctx: CliContext): Promise<void> {
  const apis = await listApis(ctx, cli);
  if (apis.length === 0) ctx.out.log('No APIs.');
  for (const a of apis) ctx.out.log(`${a.identifier}\t${a.name}\t${a.scopes.map((s) => s.name).join(' ')}`);
}

export async function showApiCommand(ctx: CliContext, identifier: string): Promise<void> {
  ctx.out.log(describeApi(await getApi(ctx, cli, identifier), ctx.config.ttl.accessToken).join('\n'));
}
