import express from 'express';
import type { Express } from 'express';
import helmet from 'helmet';
import { requireAuth } from '@sso/shared';
import type { AccessTokenVerifier } from '@sso/shared';
import type { Config } from './config.js';
import { cors } from './http/cors.js';
import { errorHandler, notFound } from './http/errors.js';
import { requestLogger } from './http/request-logger.js';
import type { Logger } from './logger.js';
import type { NotesStore } from './notes/notes-store.js';
import { notesRoutes } from './routes/notes-routes.js';
import { protectedRoutes } from './routes/protected-routes.js';
import { publicRoutes } from './routes/public-routes.js';

export interface AppDeps {
  verifier: AccessTokenVerifier;
  notes: NotesStore;
  logger: Logger;
}

/** Wires middleware and routes; no listen (server.ts does that). */
export function createApp(config: Pick<Config, 'corsOrigins' | 'audience'>, deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(helmet());
  app.use(requestLogger(deps.logger));
  app.use(cors(config.corsOrigins));

  const auth = requireAuth(deps.verifier, { realm: config.audience });
  // Routes go on the app's own router: a nested Router per file would cost every request a dispatch per level.
  publicRoutes(app.router);
  protectedRoutes(app.router, auth);
  notesRoutes(app.router, auth, deps.notes);

  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
