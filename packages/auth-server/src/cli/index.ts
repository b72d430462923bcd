import { pathToFileURL } from 'node:url';
import { systemClock } from '../clock.js';
import { loadConfig, type Env } from '../config/config.js';
import { openStore } from '../store/index.js';
import { APIS_USAGE, runApis } from './apis-cli.js';
import { AUDIT_USAGE, runAudit } from './audit-command.js';
import { UsageError, type CliContext, type CliIo, type Out } from './cli-context.js';
import { CLIENTS_USAGE, runClients } from './clients-cli.js';
import { KEYS_USAGE, runKeys } from './keys-command.js';
import { OUTBOX_USAGE, runOutbox } from './outbox-command.js';
import { readPassword } from './read-password.js';
import { seedDemo } from './seed.js';
import { runUsers, USERS_USAGE } from './users-cli.js';

export const USAGE = `Usage: pnpm admin <command>

  ${CLIENTS_USAGE}
  ${APIS_USAGE}
  ${USERS_USAGE}
  ${KEYS_USAGE}
  ${AUDIT_USAGE}
  ${OUTBOX_USAGE}
  seed            register the demo API, clients and accounts (idempotent)

Reads the same environment as the server (DATABASE_URL or SQLITE_PATH, ...).`;

type Command = (ctx: CliContext, io: CliIo, args: string[]) => Promise<void>;

const COMMANDS: Record<string, Command> = {
  clients: (ctx, _io, args) => runClients(ctx, args),
  apis: (ctx, _io, args) => runApis(ctx, args),
  users: runUsers,
  keys: (ctx, _io, args) => runKeys(ctx, args),
  audit: (ctx, _io, args) => runAudit(ctx, args),
  outbox: (ctx, _io, args) => runOutbox(ctx, args),
  seed: (ctx) => seedDemo({ ...ctx, logger: { info: (_obj, msg) => ctx.out.log(msg ?? 'done') } }),
};

/** Runs one admin command; returns the exit code (0 ok, 1 failure, 2 bad usage). */
export async function runCli(argv: string[], env: Env, out: Out, err: Out, io: CliIo = { readPassword }): Promise<number> {
  const [group, ...args] = argv;
  const command = group ? COMMANDS[group] : undefined;
  if (!group || ['help', '--help', '-h'].includes(group)) {
    out.log(USAGE);
    return 0;
  }
  if (!command) {
    err.log(`Unknown command: ${group}\n\n${USAGE}`);
    return 2;
  }
  try {
    const config = loadConfig(env);
    const store = await openStore({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath, poolSize: 2 });
    try {
      await command({ store, clock: systemClock, config, out }, io, args);
    } finally {
      await store.close();
    }
    return 0;
  } catch (e) {
    // Operator errors get their message only; no stack traces for bad input.
    err.log(`Error: ${e instanceof Error ? e.message : String(e)}`);
    return e instanceof UsageError ? 2 : 1;
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const line = (stream: NodeJS.WriteStream): Out => ({ log: (l) => void stream.write(`${l}\n`) });
  void runCli(process.argv.slice(2), process.env, line(process.stdout), line(process.stderr)).then((code) => {
    process.exitCode = code;
  });
}
