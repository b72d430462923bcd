import { pino } from 'pino';
import type { Logger } from 'pino';

export type { Logger };

/** Belt and braces: requests are logged without headers or query, and these paths are redacted anyway. */
const REDACT = ['token', 'access_token', 'authorization', '*.token', '*.access_token', 'req.headers.authorization', 'req.headers.cookie'];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'resource-api' } }, destination as never);
}

export const silentLogger: Logger = pino({ level: 'silent' });
