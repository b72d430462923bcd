import type { ErrorRequestHandler, RequestHandler } from 'express';

/**
 * Handlers whose module is imported on the first request that reaches them, for parts of the app
 * most instances never serve (the admin API and console: about 5 MB of idle RSS, issue 14). `load`
 * runs once and builds the handlers; a failed import goes to the error handler and is tried again
 * on the next request.
 */
export function loadOnFirstUse<T>(load: () => Promise<T>) {
  let loading: Promise<T> | undefined;
  const loaded = () =>
    (loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw err;
    }));
  return {
    handler:
      (pick: (built: T) => RequestHandler): RequestHandler =>
      (req, res, next) => {
        loaded()
          .then((built) => pick(built)(req, res, next))
          .catch(next);
      },
    errorHandler:
      (pick: (built: T) => ErrorRequestHandler): ErrorRequestHandler =>
      (err, req, res, next) => {
        loaded()
          .then((built) => pick(built)(err, req, res, next))
          .catch(next);
      },
  };
}
