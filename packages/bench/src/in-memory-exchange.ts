import { IncomingMessage, ServerResponse, type RequestListener } from 'node:http';
import { Duplex } from 'node:stream';
import type { MessageClasses } from '@sso/shared';

export interface MemoryRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** A socket that accepts every write and never reads: the response bytes go nowhere. */
function sinkSocket(): Duplex {
  const socket = new Duplex({ read() {}, write: (_c, _e, done) => done(), writev: (_c, done) => done() });
  return Object.assign(socket, { setTimeout: () => socket, setNoDelay: () => socket, setKeepAlive: () => socket, remoteAddress: '127.0.0.1', encrypted: false });
}

/**
 * Runs one request through an app's request listener with node:http's own IncomingMessage and
 * ServerResponse, but no TCP: what is measured is the app and Node's HTTP objects (headers,
 * serialisation), without the kernel's loopback and the load generator, which dominate the noise of
 * a shared machine. `classes` are the ones the server creates the objects with (node:http's own
 * unless given). Resolves with the status once the response has finished.
 */
export function exchange(listener: RequestListener, r: MemoryRequest, classes: MessageClasses = { IncomingMessage, ServerResponse }): Promise<number> {
  return new Promise((resolve) => {
    const socket = sinkSocket();
    const req = new classes.IncomingMessage(socket as never);
    const headers: Record<string, string> = { host: '127.0.0.1', ...r.headers };
    if (r.body !== undefined) headers['content-length'] = String(Buffer.byteLength(r.body));
    Object.assign(req, { method: r.method, url: r.path, httpVersion: '1.1', httpVersionMajor: 1, httpVersionMinor: 1, headers, rawHeaders: Object.entries(headers).flat() });
    if (r.body !== undefined) req.push(r.body);
    req.push(null);
    req.complete = true;
    const res = new classes.ServerResponse(req);
    res.assignSocket(socket as never);
    res.on('finish', () => {
      res.detachSocket(socket as never);
      resolve(res.statusCode);
    });
    listener(req, res);
  });
}
