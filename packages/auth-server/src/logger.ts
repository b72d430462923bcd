import { pino, type Logger } from 'pino';

export type { Logger };

/** Fields that may carry credentials; pino replaces them wherever they appear. */
const REDACT = [
  'password',
  'secret',
  'client_secret',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'code',
  'code_verifier',
  'authorization',
  'cookie',
  '*.password',
  '*.client_secret',
  '*.token',
  '*.access_token',
  '*.refresh_token',
  '*.id_token',
  '*.code',
  '*.code_verifier',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'auth-server' } }, destination as never);
}
