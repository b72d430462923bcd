import { parseScopeSpec, parseTokenTtl } from '../apis/api-input.js';
import type { ApiPatch } from '../store/types.js';
import { parseCommandArgs, positionals, required, requireAll } from './args.js';
import { UsageError, unknownAction, type CliContext } from './cli-context.js';
import { createApi, deleteApi, listApis, rotateApiSecret, showApi, updateApi } from './apis-command.js';

const apiOptions = {
  name: { type: 'string' },
  scope: { type: 'string', multiple: true },
  roles: { type: 'boolean' },
  'token-ttl': { type: 'string' },
} as const;

export const APIS_USAGE = `apis create --identifier URI --name NAME --scope 'NAME=DESCRIPTION'... [--roles] [--token-ttl SECONDS]
  apis list | show URI | rotate-secret URI | delete URI
  apis update URI [--name N] [--scope 'NAME=DESCRIPTION'...] [--roles|--no-roles] [--token-ttl S|--default-token-ttl]`;

/** `apis <action> ...`: resource servers, the audiences of access tokens (RFC 8707). */
export async function runApis(ctx: CliContext, [action, ...rest]: string[]): Promise<void> {
  const one = () => positionals(parseCommandArgs(rest, {}).positionals, ['URI'])[0]!;
  switch (action) {
    case 'create': {
      const { values: v, positionals: p } = parseCommandArgs(rest, { ...apiOptions, identifier: { type: 'string' } });
      positionals(p, []);
      requireAll(v, ['identifier', 'name', 'scope']);
      await createApi(ctx, {
        identifier: required(v.identifier, 'identifier'),
        name: required(v.name, 'name'),
        scopes: (v.scope ?? []).map(parseScopeSpec),
        includeRoles: v.roles ?? false,
        accessTokenTtl: v['token-ttl'] === undefined ? null : parseTokenTtl(v['token-ttl']),
      });
      return;
    }
    case 'update': {
      const opts = { ...apiOptions, 'no-roles': { type: 'boolean' }, 'default-token-ttl': { type: 'boolean' } } as const;
      const { values: v, positionals: p } = parseCommandArgs(rest, opts);
      const [identifier] = positionals(p, ['URI']);
      const patch: Omit<ApiPatch, 'secretHash'> = {
        ...(v.name !== undefined && { name: v.name }),
        ...(v.scope && { scopes: v.scope.map(parseScopeSpec) }),
        ...(v.roles && { includeRoles: true }),
        ...(v['no-roles'] && { includeRoles: false }),
        ...(v['token-ttl'] !== undefined && { accessTokenTtl: parseTokenTtl(v['token-ttl']) }),
        ...(v['default-token-ttl'] && { accessTokenTtl: null }),
      };
      if (Object.keys(patch).length === 0) throw new UsageError('Nothing to update: name at least one option');
      await updateApi(ctx, identifier!, patch);
      return;
    }
    case 'list':
      positionals(parseCommandArgs(rest, {}).positionals, []);
      return listApis(ctx);
    case 'show':
      return showApi(ctx, one());
    case 'rotate-secret':
      await rotateApiSecret(ctx, one());
      return;
    case 'delete':
      return deleteApi(ctx, one());
    default:
      throw unknownAction('apis', action);
  }
}
