import express from 'express';
import request from 'supertest';
import { z } from 'zod';
import { adminApiErrors, adminApiRouter } from '../../src/admin/api/admin-api-router.js';
import { defineRoute } from '../../src/admin/api/admin-route.js';
import { openApiPath } from '../../src/admin/api/openapi.js';
import { ADMIN_ROUTES } from '../../src/admin/api/routes.js';
import type { AppContext } from '../../src/app-context.js';
import { startAdminFixture, type AdminFixture } from './admin-fixture.js';

type Operation = {
  operationId: string;
  security: Record<string, string[]>[];
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
};
type Document = { openapi: string; paths: Record<string, Record<string, Operation>>; components: Record<string, Record<string, unknown>> };

/** Every property name in a JSON Schema, however deeply nested. */
function propertyNames(schema: unknown): string[] {
  if (Array.isArray(schema)) return schema.flatMap(propertyNames);
  if (typeof schema !== 'object' || schema === null) return [];
  const own = Object.keys((schema as { properties?: object }).properties ?? {});
  return [...own, ...Object.values(schema).flatMap(propertyNames)];
}

/** The document's schema for an answer, as zod, with the document's components for `$ref`s. */
function responseSchema(doc: Document, path: string, method: string, status: number): z.ZodType {
  const schema = doc.paths[path]?.[method]?.responses[String(status)]?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`no ${status} schema for ${method} ${path}`);
  // OpenAPI's component references, pointed at the same schemas under $defs for a plain JSON Schema reader.
  const local = JSON.parse(JSON.stringify({ ...schema, $defs: doc.components.schemas }).replaceAll('#/components/schemas/', '#/$defs/')) as object;
  return z.fromJSONSchema(local as Parameters<typeof z.fromJSONSchema>[0]);
}

describe('admin API: the OpenAPI 3.1 description', () => {
  let f: AdminFixture;
  let doc: Document;
  beforeAll(async () => {
    f = await startAdminFixture();
    const res = await f.call<Document>('get', '/openapi.json');
    expect(res.status).toBe(200); // public: no token
    doc = res.body;
  });
  afterAll(() => f.close());

  it('is OpenAPI 3.1 with the Bearer scheme and a scope per operation', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes).toMatchObject({ adminToken: { type: 'http', scheme: 'bearer' } });
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (path === '/openapi.json') continue;
        const scope = op.security[0]?.adminToken?.[0];
        expect([method, scope]).toEqual([method, method === 'get' ? 'admin:read' : 'admin:write']);
      }
    }
  });

  it('names every field in camelCase, lists as items and pages by cursor / nextCursor', () => {
    const camel = /^[a-z][a-zA-Z0-9]*$/;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const names = [
          ...(op.parameters ?? []).map((p) => p.name),
          ...propertyNames(op.requestBody),
          ...propertyNames(Object.entries(op.responses).filter(([status]) => status.startsWith('2'))),
        ];
        expect([method, path, names.filter((n) => !camel.test(n))]).toEqual([method, path, []]);
        const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        const answer = Object.keys((op.responses['200']?.content?.['application/json']?.schema as { properties?: object } | undefined)?.properties ?? {});
        if (query.includes('cursor')) expect([path, answer]).toEqual([path, expect.arrayContaining(['items', 'nextCursor'])]);
        if (/^(list|search)/.test(op.operationId)) expect([path, answer]).toEqual([path, expect.arrayContaining(['items'])]);
      }
    }
    // The refusal keeps the OAuth error shape (RFC 6749 §5.2).
    expect(Object.keys((doc.components.schemas as Record<string, { properties: object }>).Error!.properties)).toEqual(['error', 'error_description', 'field']);
  });

  it("lists exactly the router's routes (method and path)", () => {
    const router = adminApiRouter(f.ctx.deps as AppContext);
    const mounted = router.stack.flatMap((layer) => {
      const route = layer.route as { path: string; methods: Record<string, boolean> } | undefined;
      return route ? Object.keys(route.methods).map((m) => `${m} ${openApiPath(route.path)}`) : [];
    });
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    expect(mounted.sort()).toEqual(documented.sort());
    expect(new Set(Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((o) => o.operationId))).size).toBe(documented.length);
    expect(ADMIN_ROUTES.length + 1).toBe(documented.length);
  });

  it('answers validate against the documented schemas, errors included', async () => {
    const token = await f.adminToken();
    const list = await f.call('get', '/keys', { token });
    expect(responseSchema(doc, '/keys', 'get', 200).safeParse(list.body).success).toBe(true);
    const rotated = await f.call('post', '/keys/rotate', { token, body: {} });
    expect(rotated.status).toBe(201);
    expect(responseSchema(doc, '/keys/rotate', 'post', 201).safeParse(rotated.body).success).toBe(true);
    const refused = await f.call('post', '/keys/rotate', { token, body: { immediate: 1 } });
    expect(responseSchema(doc, '/keys/rotate', 'post', 400).safeParse(refused.body).success).toBe(true);
    await f.ctx.store.outbox.add({ id: 'm1', kind: 'mail', payload: { to: 'a@example.com', subject: 'Hi', text: '' } }, f.ctx.clock());
    const outbox = await f.call<{ items: unknown[] }>('get', '/outbox', { token });
    expect(outbox.body.items).toHaveLength(1);
    expect(responseSchema(doc, '/outbox', 'get', 200).safeParse(outbox.body).success).toBe(true);
    // The schemas do check: a wrong answer fails.
    expect(responseSchema(doc, '/keys', 'get', 200).safeParse({ items: [{ kid: 1 }], nextRotation: null }).success).toBe(false);
  });
});

describe('admin API router: path parameters and unexpected failures', () => {
  let f: AdminFixture;
  beforeAll(async () => (f = await startAdminFixture()));
  afterAll(() => f.close());

  const app = () => {
    const echo = defineRoute({
      method: 'get',
      path: '/things/:id',
      scope: 'admin:read',
      operationId: 'getThing',
      summary: 'test',
      tag: 'test',
      params: z.object({ id: z.string().regex(/^[a-z]+$/) }),
      response: { status: 200, description: 'the id', schema: z.object({ id: z.string() }) },
      handle: (req) => (req.params.id === 'boom' ? Promise.reject(new Error('secret detail')) : Promise.resolve({ id: req.params.id })),
    });
    const ctx = f.ctx.deps as AppContext;
    return express().use('/admin/api', adminApiRouter(ctx, [echo]), adminApiErrors(ctx.logger));
  };

  it('refuses an over-long or invalid parameter with 400, and hides an internal error behind 500 server_error', async () => {
    const auth = `Bearer ${await f.adminToken()}`;
    expect((await request(app()).get('/admin/api/things/abc').set('authorization', auth)).body).toEqual({ id: 'abc' });
    const long = await request(app()).get(`/admin/api/things/${'a'.repeat(300)}`).set('authorization', auth);
    expect(long.status).toBe(400);
    expect(long.body).toMatchObject({ error: 'invalid_input', field: 'id' });
    expect((await request(app()).get('/admin/api/things/A1').set('authorization', auth)).body).toMatchObject({ error: 'invalid_input', field: 'id' });
    const boom = await request(app()).get('/admin/api/things/boom').set('authorization', auth);
    expect(boom.status).toBe(500);
    expect(boom.body).toEqual({ error: 'server_error', error_description: 'An unexpected error occurred' });
    expect(JSON.stringify(boom.body)).not.toContain('secret detail');
  });
});
