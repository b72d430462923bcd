import type { ApiUpdate } from '../admin/services/apis.js';
import { MAX_TOKEN_TTL, MIN_TOKEN_TTL } from '../apis/api-rules.js';
import type { ApiScope } from '../apis/api.js';
import { parseCommandArgs, positionals, required, requireAll } from './args.js';
import { UsageError, unknownAction, type CliContext } from './cli-context.js';
import { createApiCommand, deleteApiCommand, listApisCommand, rotateApiSecretCommand, showApiCommand, updateApiCommand } from './apis-command.js';

/** `name=description`, as given to `--scope`. */
function parseScopeSpec(spec: string): ApiScope {
  const eq = spec.indexOf('=');
  const name = (eq < 0 ? spec : spec.slice(0, eq)).trim();
  const description = eq < 0 ? '' : spec.slice(eq + 1).trim();
  if (!description) throw new UsageError(`--scope needs a description shown on consent pages: --scope '${name}=Read your ${name}'`);
  return { name, description };
}

function parseTokenTtl(value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new UsageError(`--token-ttl must be whole seconds from ${MIN_TOKEN_TTL} to ${MAX_TOKEN_TTL}`);
  return Number(value);
}

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
      await createApiCommand(ctx, {
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
      const patch: ApiUpdate = {
        ...(v.name !== undefined && { name: v.name }),
        ...(v.scope && { scopes: v.scope.map(parseScopeSpec) }),
        ...(v.roles && { includeRoles: true }),
        ...(v['no-roles'] && { includeRoles: false }),
        ...(v['token-ttl'] !== undefined && { accessTokenTtl: parseTokenTtl(v['token-ttl']) }),
        ...(v['default-token-ttl'] && { accessTokenTtl: null }),
      };
      if (Object.keys(patch).length === 0) throw new UsageError('Nothing to update: name at least one option');
      return updateApiCommand(ctx, identifier!, patch);
    }
    case 'list':
      positionals(parseCommandArgs(rest, {}).positionals, []);
      return listApisCommand(ctx);
    case 'show':
      return showApiCommand(ctx, one());
    case 'rotate-secret':
      return rotateApiSecretCommand(ctx, one());
    case 'delete':
      return deleteApiCommand(ctx, one());
    default:
      throw unknownAction('apis', action);
  }
}
