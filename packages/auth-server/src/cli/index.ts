import { pathToFileURL } from 'node:url';
import { AdminError } from '../admin/admin-error.js';
import { systemClock } from '../clock.js';
import { ConfigError, loadConfig, type Env } from '../config/config.js';
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

const SEED_USAGE = 'seed            register the demo API, clients and accounts (idempotent)';

export const USAGE = `Usage: pnpm admin <command> [--help]

  ${CLIENTS_USAGE}
  ${APIS_USAGE}
  ${USERS_USAGE}
  ${KEYS_USAGE}
  ${AUDIT_USAGE}
  ${OUTBOX_USAGE}
  ${SEED_USAGE}

Reads the same environment as the server (DATABASE_URL or SQLITE_PATH, ...).
Exit status: 0 done, 1 failed (e.g. the database is unreachable), 2 bad command or option.`;

type Command = (ctx: CliContext, io: CliIo, args: string[]) => Promise<void>;

const COMMANDS: Record<string, { usage: string; run: Command; needsAction: boolean }> = {
  clients: { usage: CLIENTS_USAGE, run: (ctx, _io, args) => runClients(ctx, args), needsAction: true },
  apis: { usage: APIS_USAGE, run: (ctx, _io, args) => runApis(ctx, args), needsAction: true },
  users: { usage: USERS_USAGE, run: runUsers, needsAction: true },
  keys: { usage: KEYS_USAGE, run: (ctx, _io, args) => runKeys(ctx, args), needsAction: true },
  audit: { usage: AUDIT_USAGE, run: (ctx, _io, args) => runAudit(ctx, args), needsAction: false },
  outbox: { usage: OUTBOX_USAGE, run: (ctx, _io, args) => runOutbox(ctx, args), needsAction: false },
  seed: {
    usage: SEED_USAGE,
    run: (ctx) => seedDemo({ ...ctx, logger: { info: (_obj, msg) => ctx.out.log(msg ?? 'done') } }),
    needsAction: false,
  },
};

const HELP = ['help', '--help', '-h'];

/** Usage of one command group, as `pnpm admin <group> --help` prints it. */
export const groupUsage = (group: string): string | undefined =>
  Object.hasOwn(COMMANDS, group) ? `Usage: pnpm admin ${COMMANDS[group]!.usage}` : undefined;

/** An error message on one line: a terminal reader and a log grep both see all of it. */
const oneLine = (message: string): string => message.split('\n').map((l) => l.trim()).filter(Boolean).join('; ');

/** Runs one admin command; returns the exit code (0 ok, 1 failure, 2 bad usage). */
export async function runCli(argv: string[], env: Env, out: Out, err: Out, io: CliIo = { readPassword }): Promise<number> {
  const [group, ...args] = argv;
  if (!group || HELP.includes(group)) {
    const topic = group && args[0] ? groupUsage(args[0]) : undefined;
    out.log(topic ?? USAGE);
    return 0;
  }
  // Own keys only: `constructor` or `__proto__` is an unknown command, not Object's.
  const command = Object.hasOwn(COMMANDS, group) ? COMMANDS[group] : undefined;
  if (!command) {
    err.log(`Error: Unknown command: ${group} (pnpm admin --help lists them)`);
    return 2;
  }
  // Help at every level, before anything opens the store: `clients --help`, `clients create -h`.
  const beforeSeparator = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
  if (beforeSeparator.some((a) => a === '--help' || a === '-h') || (command.needsAction && args.length === 0)) {
    out.log(groupUsage(group)!);
    return 0;
  }
  try {
    const config = loadConfig(env);
    const store = await openStore({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath, poolSize: 2 });
    try {
      await command.run({ store, clock: systemClock, config, out }, io, args);
    } finally {
      await store.close();
    }
    return 0;
  } catch (e) {
    // Operator errors get their message only; no stack traces for bad input.
    err.log(`Error: ${oneLine(e instanceof Error ? e.message : String(e))}`);
    return e instanceof UsageError || e instanceof AdminError || e instanceof ConfigError ? 2 : 1;
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const line = (stream: NodeJS.WriteStream): Out => ({ log: (l) => void stream.write(`${l}\n`) });
  void runCli(process.argv.slice(2), process.env, line(process.stdout), line(process.stderr)).then((code) => {
    process.exitCode = code;
  });
}
