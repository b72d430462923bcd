import { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Records every `Object.setPrototypeOf` that changes the prototype of a request or response, for
 * tests of createExpressServer (express-server.ts): through it, Express changes none. Restore when done.
 */
export function watchPrototypeChanges(): { changed: string[]; restore: () => void } {
  const changed: string[] = [];
  const original = Object.setPrototypeOf;
  Object.setPrototypeOf = (target: unknown, proto: object | null): unknown => {
    if ((target instanceof IncomingMessage || target instanceof ServerResponse) && Object.getPrototypeOf(target) !== proto) changed.push(target.constructor.name);
    return original(target, proto) as unknown;
  };
  return { changed, restore: () => void (Object.setPrototypeOf = original) };
}
