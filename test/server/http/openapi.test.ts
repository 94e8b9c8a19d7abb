// GET /v1/openapi.json: generated from the routes, every route in it, every example valid and accepted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RepliesQueryResponse } from '../../../utils/contracts/replies';
import { RatingsResponse } from '../../../utils/contracts/schema';
import { createApp } from '../../../server/http/app';
import { documentedExamples } from '../../../server/http/openapi';
import { startLiveCatalogue } from '../../../server/catalogue/live';
import { parseConfig } from '../../../server/config/server-config';
import { openSqliteStore } from '../../../server/store/sqlite';
import { INGEST, bearer, exampleConfig, startTestServer, type TestServer } from '../helpers';

interface Operation {
  summary?: string;
  responses?: Record<string, unknown>;
  requestBody?: { content: Record<string, { schema?: unknown; example?: unknown }> };
}
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

let server: TestServer;
let document: Document;
beforeAll(async () => {
  server = await startTestServer();
  const response = await fetch(`${server.url}/v1/openapi.json`);
  expect(response.status).toBe(200);
  document = (await response.json()) as Document;
});
afterAll(async () => {
  await server.dispose();
});

/** Hono's `/:id/:action{a|b}` → OpenAPI's `/{id}/{action}`. */
const openApiPath = (path: string) => path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}');

describe('GET /v1/openapi.json', () => {
  it('is OpenAPI 3.1, served without a token', () => {
    expect(document.openapi).toBe('3.1.0');
  });

  it('lists every route the app answers, each with a summary and its success answer', async () => {
    const store = openSqliteStore(':memory:');
    try {
      const config = parseConfig(exampleConfig(), 'test');
      const catalogue = await startLiveCatalogue({ store, config, log: () => {}, now: Date.now });
      const app = createApp({ store, config, catalogue });
      catalogue.stop();
      const routes = app.routes.filter((route) => route.method !== 'ALL');
      expect(routes.length).toBeGreaterThan(15);
      const missing = routes.filter((route) => !document.paths[openApiPath(route.path)]?.[route.method.toLowerCase()]?.summary);
      expect(missing.map((route) => `${route.method} ${route.path}`)).toEqual([]);
      for (const route of routes) {
        const operation = document.paths[openApiPath(route.path)]![route.method.toLowerCase()]!;
        expect(Object.keys(operation.responses ?? {}).some((status) => /^[23]\d\d$/.test(status)), `${route.method} ${route.path}`).toBe(true);
      }
    } finally {
      await store.close();
    }
  });

  it('shows request bodies as JSON Schema generated from the zod schemas', () => {
    const body = document.paths['/v1/ratings']!.post!.requestBody!.content['application/json']!;
    const schema = body.schema as { properties: { ratings: { maxItems: number; items: { required: string[] } } } };
    expect(schema.properties.ratings.maxItems).toBe(500);
    expect(schema.properties.ratings.items.required).toEqual(expect.arrayContaining(['id', 'ticketUrl', 'overall', 'ratedAt']));
  });

  it('has only examples that validate against their own schemas, and shows each of them', () => {
    expect(documentedExamples.length).toBeGreaterThan(8);
    const text = JSON.stringify(document);
    for (const { where, schema, example } of documentedExamples) {
      const result = schema.safeParse(example);
      expect(result.success, `${where}: ${result.error?.message ?? ''}`).toBe(true);
      expect(text, where).toContain(JSON.stringify(example));
    }
  });

  it("has request examples the real server accepts, and answers shaped as documented", async () => {
    const ratingsExample = document.paths['/v1/ratings']!.post!.requestBody!.content['application/json']!.example;
    const stored = await fetch(`${server.url}/v1/ratings`, { method: 'POST', headers: bearer(INGEST), body: JSON.stringify(ratingsExample) });
    expect(stored.status).toBe(200);
    expect(RatingsResponse.parse(await stored.json())).toMatchObject({ accepted: 1 });

    const queryExample = document.paths['/v1/replies/query']!.post!.requestBody!.content['application/json']!.example;
    const queried = await fetch(`${server.url}/v1/replies/query`, { method: 'POST', headers: bearer(INGEST), body: JSON.stringify(queryExample) });
    expect(queried.status).toBe(200);
    expect(RepliesQueryResponse.parse(await queried.json())).toEqual({ items: [] });
  });

  it('says which routes need a token and which need none', () => {
    const security = (path: string, method: string) => (document.paths[path]![method] as { security?: unknown[] }).security;
    expect(security('/v1/health', 'get')).toEqual([]);
    expect(security('/v1/ratings', 'post')).toEqual([{ bearer: [] }]);
    expect(security('/v1/report', 'get')).toEqual([{ bearer: [] }, { session: [] }]);
  });
});
