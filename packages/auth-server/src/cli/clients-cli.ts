import type { ClientUpdate } from '../admin/services/clients.js';
import { parseCommandArgs, positionals, required, requireAll } from './args.js';
import { UsageError, unknownAction, type CliContext } from './cli-context.js';
import {
  createClientCommand,
  deleteClientCommand,
  listClientsCommand,
  rotateClientSecretCommand,
  showClientCommand,
  updateClientCommand,
} from './clients-command.js';
import { listOptions } from './paging.js';

const clientOptions = {
  name: { type: 'string' },
  'redirect-uri': { type: 'string', multiple: true },
  'post-logout-redirect-uri': { type: 'string', multiple: true },
  'backchannel-logout-uri': { type: 'string' },
  'grant-type': { type: 'string', multiple: true },
  scope: { type: 'string', multiple: true },
  'first-party': { type: 'boolean' },
  pkce: { type: 'string' },
  'require-mfa': { type: 'boolean' },
} as const;

export const CLIENTS_USAGE = `clients create --id ID --name NAME --redirect-uri URI... [--post-logout-redirect-uri URI...]
                 [--backchannel-logout-uri URI] [--grant-type T...] [--scope S...] [--public] [--first-party]
                 [--pkce required|optional]
  clients list [--after ID] [--limit N] | show ID | delete ID
  clients rotate-secret ID [--grace SECONDS]   (the old secret keeps working that long; default 0, at most 604800)
  clients update ID [--name N] [--redirect-uri URI...] [--post-logout-redirect-uri URI...]
                 [--backchannel-logout-uri URI|--no-backchannel-logout] [--grant-type T...] [--scope S...]
                 [--first-party|--third-party] [--pkce required|optional] [--require-mfa|--no-require-mfa]
                 [--require-verified-email|--allow-unverified-email]`;

/** `--pkce required|optional`: optional is weaker and only for confidential clients. */
function parsePkceOption(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'required') return true;
  if (value === 'optional') return false;
  throw new UsageError(`--pkce must be required or optional: ${value}`);
}

/** `clients <action> ...`: parse, call the admin service, print. */
export async function runClients(ctx: CliContext, [action, ...rest]: string[]): Promise<void> {
  switch (action) {
    case 'create': {
      const { values: v, positionals: p } = parseCommandArgs(rest, { ...clientOptions, id: { type: 'string' }, public: { type: 'boolean' } });
      positionals(p, []);
      // The default grant is authorization_code, which needs somewhere to send the code.
      const needsRedirect = (v['grant-type'] ?? ['authorization_code']).includes('authorization_code');
      requireAll(v, ['id', 'name', ...(needsRedirect ? ['redirect-uri'] : [])]);
      await createClientCommand(ctx, {
        clientId: required(v.id, 'id'),
        name: required(v.name, 'name'),
        redirectUris: v['redirect-uri'] ?? [],
        postLogoutRedirectUris: v['post-logout-redirect-uri'] ?? [],
        backchannelLogoutUri: v['backchannel-logout-uri'] ?? null,
        grantTypes: v['grant-type'] ?? [],
        scopes: v.scope ?? [],
        isPublic: v.public ?? false,
        firstParty: v['first-party'] ?? false,
        pkceRequired: parsePkceOption(v.pkce) ?? true,
        requireMfa: v['require-mfa'] ?? false,
      });
      return;
    }
    case 'update': {
      const opts = {
        ...clientOptions,
        'third-party': { type: 'boolean' },
        'no-backchannel-logout': { type: 'boolean' },
        'require-verified-email': { type: 'boolean' },
        'allow-unverified-email': { type: 'boolean' },
        'no-require-mfa': { type: 'boolean' },
      } as const;
      const { values: v, positionals: p } = parseCommandArgs(rest, opts);
      const [id] = positionals(p, ['ID']);
      const patch: ClientUpdate = {
        ...(v.name !== undefined && { name: v.name }),
        ...(v['redirect-uri'] && { redirectUris: v['redirect-uri'] }),
        ...(v['post-logout-redirect-uri'] && { postLogoutRedirectUris: v['post-logout-redirect-uri'] }),
        ...(v['backchannel-logout-uri'] !== undefined && { backchannelLogoutUri: v['backchannel-logout-uri'] }),
        ...(v['no-backchannel-logout'] && { backchannelLogoutUri: null }),
        ...(v['grant-type'] && { grantTypes: v['grant-type'] }),
        ...(v.scope && { scopes: v.scope }),
        ...(v['first-party'] && { firstParty: true }),
        ...(v['third-party'] && { firstParty: false }),
        ...(v.pkce !== undefined && { pkceRequired: parsePkceOption(v.pkce) }),
        ...(v['require-verified-email'] && { requireVerifiedEmail: true }),
        ...(v['allow-unverified-email'] && { requireVerifiedEmail: false }),
        ...(v['require-mfa'] && { requireMfa: true }),
        ...(v['no-require-mfa'] && { requireMfa: false }),
      };
      if (Object.keys(patch).length === 0) throw new UsageError('Nothing to update: name at least one option');
      return updateClientCommand(ctx, id!, patch);
    }
    case 'list':
      return listClientsCommand(ctx, listOptions(rest));
    case 'show':
      return showClientCommand(ctx, positionals(parseCommandArgs(rest, {}).positionals, ['ID'])[0]!);
    case 'rotate-secret': {
      const { values, positionals: args } = parseCommandArgs(rest, { grace: { type: 'string' } });
      const grace = values.grace;
      if (grace !== undefined && !/^\d{1,7}$/.test(grace)) throw new UsageError(`--grace must be a number of seconds: ${grace}`);
      return rotateClientSecretCommand(ctx, positionals(args, ['ID'])[0]!, grace === undefined ? undefined : Number(grace));
    }
    case 'delete':
      return deleteClientCommand(ctx, positionals(parseCommandArgs(rest, {}).positionals, ['ID'])[0]!);
    default:
      throw unknownAction('clients', action);
  }
}
