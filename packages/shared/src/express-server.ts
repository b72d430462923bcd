import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import type { Express } from 'express';

export interface MessageClasses {
  IncomingMessage: typeof IncomingMessage;
  ServerResponse: typeof ServerResponse;
}

const adopted = new WeakMap<Express, MessageClasses>();

/**
 * Request and response classes whose prototypes are the app's own `app.request` / `app.response`.
 *
 * Express gives each request its methods (`req.get`, `res.json`, …) by changing the prototype of
 * node:http's objects on every request (`Object.setPrototypeOf` in `app.handle`). V8 answers a
 * changed prototype with a new hidden class for the object, and the accesses that follow stop
 * being monomorphic; the objects also outlive a young-generation collection far more often. On
 * this project's bench machine that step cost more than the rest of Express (packages/bench/README.md).
 * When node:http creates the objects with these prototypes already in place, Express's
 * `setPrototypeOf` finds the same prototype and does nothing. Express itself is unchanged.
 */
export function expressMessageClasses(app: Express): MessageClasses {
  const known = adopted.get(app);
  if (known) return known;
  class Request extends IncomingMessage {}
  class Response extends ServerResponse {}
  const adopt = (target: object, own: object): void => {
    // The class prototype takes the place of Express's per-app object: same parent, same own properties (`app`).
    Object.setPrototypeOf(target, Object.getPrototypeOf(own) as object);
    Object.defineProperties(target, Object.getOwnPropertyDescriptors(own));
  };
  adopt(Request.prototype, app.request);
  adopt(Response.prototype, app.response);
  const holder = app as unknown as { request: object; response: object };
  holder.request = Request.prototype;
  holder.response = Response.prototype;
  const classes = { IncomingMessage: Request, ServerResponse: Response } as unknown as MessageClasses;
  adopted.set(app, classes);
  return classes;
}

/** `http.createServer` for an Express app, with its request and response classes (above). Listen as with `app.listen`. */
export function createExpressServer(app: Express): Server {
  return createServer(expressMessageClasses(app), app);
}
