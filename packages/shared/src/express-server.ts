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
  const classes = newMessageClasses();
  adoptInto(app, classes);
  return classes;
}

/** `http.createServer` for an Express app, with its request and response classes (above). Listen as with `app.listen`. */
export function createExpressServer(app: Express): Server {
  return createServer(expressMessageClasses(app), app);
}

/**
 * For a server that must listen before its app exists (to learn an ephemeral port the app's
 * configuration names): the classes are made now, and `serve(app)` gives them the app's prototypes
 * and hands the server's requests to it.
 */
export function createDeferredExpressServer(): { server: Server; serve: (app: Express) => void } {
  const classes = newMessageClasses();
  const server = createServer(classes);
  return {
    server,
    serve: (app) => {
      adoptInto(app, classes);
      server.on('request', app);
    },
  };
}

function newMessageClasses(): MessageClasses {
  class Request extends IncomingMessage {}
  class Response extends ServerResponse {}
  return { IncomingMessage: Request, ServerResponse: Response } as unknown as MessageClasses;
}

/** The classes' prototypes take the place of Express's per-app objects: same parent, same own properties (`app`). */
function adoptInto(app: Express, classes: MessageClasses): void {
  const adopt = (target: object, own: object): void => {
    Object.setPrototypeOf(target, Object.getPrototypeOf(own) as object);
    Object.defineProperties(target, Object.getOwnPropertyDescriptors(own));
  };
  adopt(classes.IncomingMessage.prototype, app.request);
  adopt(classes.ServerResponse.prototype, app.response);
  const holder = app as unknown as { request: object; response: object };
  holder.request = classes.IncomingMessage.prototype;
  holder.response = classes.ServerResponse.prototype;
  adopted.set(app, classes);
}
