import type { Request, Response } from 'express';
import { InvalidClient, InvalidRequest } from '@sso/shared';
import type { AppContext } from '../../app-context.js';
import { verifyClientSecrets } from '../../clients/client-secret.js';
import { stringParam } from '../../http/params.js';
import type { Client } from '../../clients/client.js';

function decodeBasic(header: string): { id: string; secret: string } {
  const encoded = header.slice(6).trim();
  if (!/^[A-Za-z0-9+/]+=*$/.test(encoded)) throw new InvalidClient('Malformed Basic credentials');
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new InvalidClient('Malformed Basic credentials');
  try {
    // RFC 6749 §2.3.1: id and secret are form-urlencoded before Basic encoding.
    return {
      id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
    };
  } catch {
    throw new InvalidClient('Malformed Basic credentials');
  }
}

/** The credentials a request presents (RFC 6749 §2.3.1): Basic or form fields, never both. */
export function readClientCredentials(req: Request): { id: string | undefined; secret: string | undefined; usesBasic: boolean } {
  const body = req.body as Record<string, unknown>;
  const authorization = req.get('authorization');
  const usesBasic = authorization !== undefined && /^basic /i.test(authorization);
  const posted = { id: stringParam(body, 'client_id', { maxLength: 2048 }), secret: stringParam(body, 'client_secret', { maxLength: 512 }) };
  if (usesBasic && posted.secret !== undefined) throw new InvalidRequest('Use one client authentication method, not two');
  const basic = usesBasic ? decodeBasic(authorization) : undefined;
  if (basic && posted.id !== undefined && posted.id !== basic.id) throw new InvalidRequest('client_id does not match the credentials');
  return { id: basic?.id ?? posted.id, secret: basic?.secret ?? posted.secret, usesBasic };
}

/**
 * client_secret_basic, client_secret_post, or `none` for public clients (RFC 6749 §2.3).
 * Failures are 401 invalid_client; with Basic the response names the scheme (RFC 6749 §5.2).
 */
export async function authenticateClient(ctx: AppContext, req: Request, res: Response, opts: { allowPublic: boolean }): Promise<Client> {
  try {
    const { id, secret } = readClientCredentials(req);
    if (!id) throw new InvalidClient('Client authentication is required');
    if (id.length > 256) throw new InvalidClient('Client authentication failed');

    await ctx.clientAuthLimit.check(id, req.ip, res);
    const client = await ctx.store.clients.findById(id);
    // Unknown ids are not counted: there is no secret to guess, and counting them would let anyone fill the store.
    if (!client) throw new InvalidClient('Client authentication failed');
    const failed = async (description: string) => {
      await ctx.clientAuthLimit.recordFailure(id, req.ip);
      return new InvalidClient(description);
    };
    if (client.secretHash === null) {
      if (secret !== undefined) throw await failed('Client authentication failed');
      if (!opts.allowPublic) throw new InvalidClient('This endpoint requires a confidential client');
      return client;
    }
    if (secret === undefined || !verifyClientSecrets(client, secret, ctx.clock())) throw await failed('Client authentication failed');
    return client;
  } catch (err) {
    if (err instanceof InvalidClient) res.set('WWW-Authenticate', 'Basic realm="token", charset="UTF-8"');
    throw err;
  }
}
