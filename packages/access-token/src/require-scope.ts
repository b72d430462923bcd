import type { RequestHandler } from 'express';
import { sendBearerError } from './bearer-challenge.js';
import { getAuth, realmOf } from './require-auth.js';

/** RFC 6750 §3.1: every listed scope is needed; otherwise 403 insufficient_scope naming them. */
export function requireScope(...scopes: string[]): RequestHandler {
  const needed = scopes.join(' ');
  return (req, res, next) => {
    const granted = getAuth(req).scopes;
    const missing = scopes.filter((scope) => !granted.includes(scope));
    if (missing.length === 0) return next();
    sendBearerError(res, realmOf(res), {
      status: 403,
      error: 'insufficient_scope',
      description: `the token lacks the scope ${missing.join(' ')}`,
      message: `Token lacks the required scope: ${missing.join(', ')}`,
      scope: needed,
    });
  };
}

/**
 * At least one of the listed roles (RFC 9068 §2.2.3.1 `roles`). Roles are not scopes, so the challenge
 * carries insufficient_scope ("requires higher privileges", RFC 6750 §3.1) without a `scope` attribute.
 */
export function requireRole(...roles: string[]): RequestHandler {
  return (req, res, next) => {
    const held = getAuth(req).roles;
    if (roles.some((role) => held.includes(role))) return next();
    sendBearerError(res, realmOf(res), {
      status: 403,
      error: 'insufficient_scope',
      description: `the token lacks the role ${roles.join(' or ')}`,
      message: `This needs the ${roles.join(' or ')} role`,
    });
  };
}
