import type { z } from 'zod';
import type { Caller, ServiceContext } from '../service-context.js';

export type AdminScope = 'admin:read' | 'admin:write';

/**
 * One operation of the admin API. The router mounts it and the OpenAPI description is generated from
 * the same object (zod schemas through `z.toJSONSchema`), so the two cannot drift apart.
 */
export interface AdminRoute<Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  /** Express path under /admin/api, e.g. `/users/:id`; OpenAPI shows `{id}`. */
  path: string;
  /** Reads need admin:read; changes need admin:write. */
  scope: AdminScope;
  operationId: string;
  summary: string;
  /** OpenAPI tag: users, clients, apis, keys, audit, ... */
  tag: string;
  /** Path parameters as a zod object of strings; invalid gives 400 invalid_input. Every parameter is capped at 256 characters regardless. */
  params?: z.ZodType<Record<string, string>>;
  /** Query parameters as a zod object of strings (coerced in the schema); invalid gives 400 invalid_input. */
  query?: Q;
  /** JSON body; invalid gives 400 invalid_input. */
  body?: B;
  /** The success answer: status, description and the schema of its body (none for 204). */
  response: { status: 200 | 201 | 204; description: string; schema?: z.ZodType };
  handle(
    req: { params: Record<string, string>; query: z.output<Q>; body: z.output<B>; caller: Caller },
    svc: ServiceContext,
  ): Promise<unknown>;
}

/** Keeps the zod types of `query` and `body` for `handle` while listing routes as plain AdminRoute. */
export const defineRoute = <Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType>(route: AdminRoute<Q, B>): AdminRoute =>
  route;
