import { z } from 'zod';
import { listKeys, rotateKey } from '../services/keys.js';
import { defineRoute, type AdminRoute } from './admin-route.js';

const isoTime = z.iso.datetime().describe('ISO 8601 time, UTC');

export const keyInfoSchema = z
  .object({
    kid: z.string(),
    alg: z.string(),
    status: z.enum(['current', 'upcoming', 'retired', 'expired']),
    createdAt: isoTime,
    signsFrom: isoTime,
    retiredAt: isoTime.nullable(),
    unpublishedAt: isoTime.nullable().describe('When the key leaves the JWKS'),
    verifiesHintsUntil: isoTime.nullable().describe('Until then its public half still verifies id_token_hints'),
  })
  .describe('A signing key: public facts only');

const keyListSchema = z.object({
  items: z.array(keyInfoSchema),
  nextRotation: z
    .object({ kid: z.string(), at: isoTime })
    .nullable()
    .describe('The upcoming key and when it starts signing; null when none waits (rotation is by operator action only)'),
});

const rotateBody = z.strictObject({
  immediate: z.boolean().optional().describe('Sign with the new key at once instead of after KEY_PUBLISH_AHEAD (for a compromised key)'),
});

export const keysRoutes: AdminRoute[] = [
  defineRoute({
    method: 'get',
    path: '/keys',
    scope: 'admin:read',
    operationId: 'listKeys',
    summary: 'Signing keys with their status (public facts only) and the next scheduled switch',
    tag: 'keys',
    response: { status: 200, description: 'The stored signing keys', schema: keyListSchema },
    handle: async (_req, svc) => {
      const { keys, nextRotation } = await listKeys(svc);
      return { items: keys, nextRotation };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/keys/rotate',
    scope: 'admin:write',
    operationId: 'rotateKey',
    summary: 'Publish a new signing key; it signs after KEY_PUBLISH_AHEAD, or at once with immediate',
    tag: 'keys',
    body: rotateBody,
    response: { status: 201, description: 'The new key', schema: keyInfoSchema },
    handle: (req, svc) => rotateKey(svc, req.caller, req.body),
  }),
];
