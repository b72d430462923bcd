import type { ConsolePages } from './console-context.js';
import { apisPages } from './apis-pages.js';
import { auditPages } from './audit-pages.js';
import { usersPages } from './users-pages.js';
import { keysPages } from './keys-pages.js';
import { clientsPages } from './clients-pages.js';
import { outboxPages } from './outbox-pages.js';

/**
 * The console's page modules, each mounted at its path under /admin behind the sign-in guard.
 * To add one: write `export function fooPages(ctx: ConsoleContext): Router` in `foo-pages.ts`,
 * its views in views/, and add one line here.
 */
export const CONSOLE_PAGES: ReadonlyArray<readonly [path: string, pages: ConsolePages]> = [
  ['/users', usersPages],
  ['/keys', keysPages],
  ['/clients', clientsPages],
  ['/apis', apisPages],
  ['/audit', auditPages],
  ['/outbox', outboxPages],
];
