import { InvalidRequest } from './errors.js';

/**
 * What the client did wrong, from an error Express' body parsers (and the router, for a path that is
 * not valid percent-encoding) raise: they carry a 4xx `status` and a `type`. Anything else is not
 * the client's fault and stays undefined, for the caller's server_error.
 */
export function bodyParserError(err: unknown): InvalidRequest | undefined {
  const { type, status } = (err ?? {}) as { type?: unknown; status?: unknown };
  switch (type) {
    case 'entity.parse.failed':
      return new InvalidRequest('The request body could not be parsed');
    case 'entity.too.large':
      return new InvalidRequest('The request body is too large', 413);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new InvalidRequest('Unsupported body encoding', 415);
    case 'parameters.too.many':
      return new InvalidRequest('Too many parameters', 413);
    case 'request.aborted':
    case 'request.size.invalid':
      return new InvalidRequest('The request body was incomplete');
  }
  if (typeof status === 'number' && status >= 400 && status < 500) return new InvalidRequest('The request could not be read', status);
  return undefined;
}
