import { z } from 'zod';
import type { AdminRoute } from './admin-route.js';

type JsonSchema = Record<string, unknown>;

/** The body of every refusal. */
export const adminErrorSchema = z.object({
  error: z.string().describe('Stable code: invalid_request, invalid_input, invalid_token, insufficient_scope, forbidden, not_found, conflict, server_error, temporarily_unavailable'),
  error_description: z.string().describe('For people; never holds secrets'),
  field: z.string().optional().describe('The input field at fault, on invalid_input and some conflicts'),
});

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) without the `$schema` line, for embedding. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** Express `/users/:id` → OpenAPI `/users/{id}`. */
export const openApiPath = (expressPath: string): string => expressPath.replace(/:(\w+)/g, '{$1}');

function parameters(route: AdminRoute): JsonSchema[] {
  const path = route.params ? jsonSchema(route.params, 'input') : undefined;
  const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const pathParams = names.map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: (path?.properties as Record<string, JsonSchema> | undefined)?.[name] ?? { type: 'string', maxLength: 256 },
  }));
  if (!route.query) return pathParams;
  const query = jsonSchema(route.query, 'input');
  const required = new Set((query.required as string[] | undefined) ?? []);
  const props = Object.entries((query.properties as Record<string, JsonSchema> | undefined) ?? {});
  return [
    ...pathParams,
    ...props.map(([name, schema]) => ({ name, in: 'query', required: required.has(name), ...(schema.description !== undefined && { description: schema.description }), schema })),
  ];
}

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'invalid_input (the field is named) or invalid_request (an unreadable body)',
  '401': 'invalid_token: no token, or one that is malformed, expired, revoked or not for the admin API',
  '403': 'insufficient_scope (the scope is named), or forbidden: the user does not have role admin',
  '404': 'not_found',
  '409': 'conflict',
  '500': 'server_error',
};

function operation(route: AdminRoute): JsonSchema {
  const errorCodes = Object.keys(ERROR_RESPONSES).filter((code) => code !== '409' || route.scope === 'admin:write');
  const errorRef = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    security: [{ adminToken: [route.scope] }],
    'x-required-scope': route.scope,
    parameters: parameters(route),
    ...(route.body && { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } } }),
    responses: {
      [String(route.response.status)]: {
        description: route.response.description,
        ...(route.response.schema && { content: { 'application/json': { schema: jsonSchema(route.response.schema, 'output') } } }),
      },
      ...Object.fromEntries(errorCodes.map((code) => [code, { description: ERROR_RESPONSES[code], content: errorRef }])),
    },
  };
}

const openApiOperation: JsonSchema = {
  operationId: 'getOpenApi',
  summary: 'This document',
  tags: ['meta'],
  security: [],
  responses: { '200': { description: 'The OpenAPI 3.1 description of the admin API', content: { 'application/json': { schema: { type: 'object' } } } } },
};

/** OpenAPI 3.1 for the admin API, generated from the same route objects the router mounts. */
export function buildOpenApi(routes: readonly AdminRoute[], issuer: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = { '/openapi.json': { get: openApiOperation } };
  for (const route of routes) (paths[openApiPath(route.path)] ??= {})[route.method] = operation(route);
  return {
    openapi: '3.1.0',
    info: {
      title: 'SSO admin API',
      version: '1',
      description: 'Users, clients, APIs, signing keys and the audit log. Every answer is JSON with Cache-Control: no-store.',
    },
    servers: [{ url: `${issuer}/admin/api` }],
    tags: [...new Set([...routes.map((r) => r.tag), 'meta'])].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Error: jsonSchema(adminErrorSchema, 'output') },
      securitySchemes: {
        adminToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            `An OAuth 2.0 access token from ${issuer}/token for the resource ${issuer}/admin/api with scope admin:read ` +
            'and/or admin:write (neither implies the other): authorization_code with PKCE for a user with role admin ' +
            '(the role is checked on every request), or client_credentials for a client an operator allowed those scopes.',
        },
      },
    },
  };
}
