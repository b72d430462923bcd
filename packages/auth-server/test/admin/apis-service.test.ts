import type { AdminError } from '../../src/admin/admin-error.js';
import { createApi, deleteApi, getApi, listApis, putApiScope, removeApiScope, rotateApiSecret, updateApi } from '../../src/admin/services/apis.js';
import { createClient } from '../../src/admin/services/clients.js';
import { adminApi } from '../../src/admin/register-admin.js';
import { verifyClientSecret } from '../../src/clients/client-secret.js';
import { describeWithPostgres } from '../helpers/services.js';
import { consoleAdmin, serviceFixture, type Engine } from './service-fixture.js';

const refusal = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as AdminError);
const REPORTS = 'https://reports.example.com';

function apisService(engine: Engine) {
  describe(`admin service: APIs (${engine})`, () => {
    let f: Awaited<ReturnType<typeof serviceFixture>>;
    beforeEach(async () => (f = await serviceFixture(engine)));
    afterEach(() => f.close());
    const reports = (introspectionSecret = false) =>
      createApi(f.svc, consoleAdmin, { identifier: REPORTS, name: 'Reports', scopes: [{ name: 'reports:read', description: 'Read your reports' }], introspectionSecret });

    it('creates an API, its introspection secret in the result only; audits with the admin', async () => {
      const { api, secret } = await reports(true);
      expect(api).toMatchObject({ identifier: REPORTS, accessTokenTtl: null, includeRoles: false, hasIntrospectionSecret: true, builtIn: false });
      expect(JSON.stringify([api, await getApi(f.svc, consoleAdmin, REPORTS), await listApis(f.svc, consoleAdmin)])).not.toMatch(new RegExp(`${secret}|sha256:`));
      expect(verifyClientSecret((await f.svc.store.apis.find(REPORTS))!.secretHash, secret!)).toBe(true);
      expect((await f.svc.store.audit.list({ type: 'api_created' }))[0]?.detail).toMatchObject({ by: 'console', admin: 'root', api: REPORTS });
    });

    it('refuses a taken identifier and a scope of another API as conflicts, bad input as invalid', async () => {
      await reports();
      expect(await refusal(reports())).toMatchObject({ code: 'conflict', field: 'identifier' });
      const other = { identifier: 'https://other.example.com', name: 'Other' };
      expect(await refusal(createApi(f.svc, consoleAdmin, { ...other, scopes: [{ name: 'reports:read', description: 'Mine' }] }))).toMatchObject({ code: 'conflict', field: 'scopes' });
      expect(await refusal(createApi(f.svc, consoleAdmin, { ...other, scopes: [] }))).toMatchObject({ code: 'invalid_input', field: 'scopes' });
      expect(await refusal(createApi(f.svc, consoleAdmin, { ...other, scopes: [{ name: 'o:read', description: ' ' }] }))).toMatchObject({ code: 'invalid_input' });
      expect(await refusal(createApi(f.svc, consoleAdmin, { ...other, identifier: 'reports', scopes: [{ name: 'o:read', description: 'Read' }] }))).toMatchObject({ code: 'invalid_input', field: 'identifier' });
    });

    it('adds, describes and removes scopes, keeping at least one and those clients use', async () => {
      await reports();
      await putApiScope(f.svc, consoleAdmin, REPORTS, { name: 'reports:write', description: 'Change' });
      expect((await putApiScope(f.svc, consoleAdmin, REPORTS, { name: 'reports:write', description: 'Change your reports' })).scopes).toEqual([
        { name: 'reports:read', description: 'Read your reports' },
        { name: 'reports:write', description: 'Change your reports' },
      ]);
      await createClient(f.svc, consoleAdmin, { clientId: 'job', name: 'Job', grantTypes: ['client_credentials'], scopes: ['reports:write'] });
      expect(await refusal(removeApiScope(f.svc, consoleAdmin, REPORTS, 'reports:write'))).toMatchObject({ code: 'conflict' });
      expect(await refusal(updateApi(f.svc, consoleAdmin, REPORTS, { scopes: [{ name: 'reports:read', description: 'Read' }] }))).toMatchObject({ code: 'conflict' });
      expect((await removeApiScope(f.svc, consoleAdmin, REPORTS, 'reports:read')).scopes.map((s) => s.name)).toEqual(['reports:write']);
      expect(await refusal(removeApiScope(f.svc, consoleAdmin, REPORTS, 'reports:write'))).toMatchObject({ code: 'conflict' });
      expect(await refusal(removeApiScope(f.svc, consoleAdmin, REPORTS, 'nope'))).toMatchObject({ code: 'not_found' });
      expect(await refusal(deleteApi(f.svc, consoleAdmin, REPORTS))).toMatchObject({ code: 'conflict', message: expect.stringContaining('job') as string });
    });

    it('updates, rotates the introspection secret and deletes an unused API', async () => {
      const { secret } = await reports(true);
      expect(await updateApi(f.svc, consoleAdmin, REPORTS, { accessTokenTtl: 300, includeRoles: true })).toMatchObject({ accessTokenTtl: 300, includeRoles: true });
      expect(await refusal(updateApi(f.svc, consoleAdmin, REPORTS, { accessTokenTtl: 10 }))).toMatchObject({ code: 'invalid_input', field: 'access_token_ttl' });
      expect(await refusal(updateApi(f.svc, consoleAdmin, REPORTS, {}))).toMatchObject({ code: 'invalid_input' });
      const rotated = await rotateApiSecret(f.svc, consoleAdmin, REPORTS);
      const { secretHash } = (await f.svc.store.apis.find(REPORTS))!;
      expect(verifyClientSecret(secretHash, rotated.secret)).toBe(true);
      expect(verifyClientSecret(secretHash, secret!)).toBe(false);
      await deleteApi(f.svc, consoleAdmin, REPORTS);
      expect(await refusal(getApi(f.svc, consoleAdmin, REPORTS))).toMatchObject({ code: 'not_found' });
      expect(await f.svc.store.audit.list({ type: 'api_deleted' })).toHaveLength(1);
    });

    it('keeps the built-in admin API as the server registered it', async () => {
      const admin = adminApi(f.svc.config);
      expect(await refusal(createApi(f.svc, consoleAdmin, { ...admin, name: 'Mine' }))).toMatchObject({ code: 'conflict', field: 'identifier' });
      await f.svc.store.apis.create(admin, f.clock());
      expect((await getApi(f.svc, consoleAdmin, admin.identifier)).builtIn).toBe(true);
      for (const attempt of [
        () => deleteApi(f.svc, consoleAdmin, admin.identifier),
        () => updateApi(f.svc, consoleAdmin, admin.identifier, { name: 'Mine' }),
        () => removeApiScope(f.svc, consoleAdmin, admin.identifier, 'admin:write'),
        () => putApiScope(f.svc, consoleAdmin, admin.identifier, { name: 'admin:all', description: 'All' }),
        () => rotateApiSecret(f.svc, consoleAdmin, admin.identifier),
      ]) {
        expect(await refusal(attempt())).toMatchObject({ status: 409, code: 'conflict' });
      }
    });
  });
}

apisService('SQLite');
describeWithPostgres('PostgreSQL', () => apisService('PostgreSQL'));
