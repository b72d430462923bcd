import type { Express } from 'express';
import type { Kysely } from 'kysely';
import { createAccessTokenVerifier } from '@sso/shared';
import type { AccessTokenVerifier } from '@sso/shared';
import { startTestIssuer } from '@sso/shared/testing';
import type { TestIssuer } from '@sso/shared/testing';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { openNotesDatabase } from '../../src/notes/notes-database.js';
import type { NotesSchema } from '../../src/notes/notes-database.js';
import { createNotesStore } from '../../src/notes/notes-store.js';

export interface TestApp {
  app: Express;
  issuer: TestIssuer;
  verifier: AccessTokenVerifier;
  /** Moves the injected clock shared by issuer, verifier and store. */
  advance(ms: number): void;
  close(): Promise<void>;
}

/** The real app over an in-memory notes database, trusting a test issuer with a real JWKS server. */
export async function startTestApp(): Promise<TestApp> {
  let now = Date.parse('2030-01-01T00:00:00Z');
  const clock = () => now;
  const issuer = await startTestIssuer({ clock });
  const config = loadConfig({ NODE_ENV: 'test', JWKS_URI: issuer.jwksUri });
  const verifier = createAccessTokenVerifier({ issuer: config.issuer, audience: config.audience, jwksUri: config.jwksUri, clock });
  const db: Kysely<NotesSchema> = await openNotesDatabase(':memory:');
  const app = createApp(config, { verifier, notes: createNotesStore(db, clock), logger: silentLogger });
  return {
    app,
    issuer,
    verifier,
    advance: (ms) => {
      now += ms;
    },
    close: async () => {
      await issuer.stop();
      await db.destroy();
    },
  };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
