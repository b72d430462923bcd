import type { AdminError } from '../../src/admin/admin-error.js';
import { createClient, deleteClient, getClient, listClients, rotateClientSecret, updateClient, type ClientInput } from '../../src/admin/services/clients.js';
import { verifyClientSecret } from '../../src/clients/client-secret.js';
import { registerNotesApi } from '../../src/cli/seed.js';
import { describeWithPostgres } from '../helpers/services.js';
import { newAccount, newGrant, newRefreshToken } from '../store/contract/fixtures.js';
import { consoleAdmin, serviceFixture, type Engine } from './service-fixture.js';

const refusal = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as AdminError);

function clientsService(engine: Engine) {
  describe(`admin service: clients (${engine})`, () => {
    let f: Awaited<ReturnType<typeof serviceFixture>>;
    beforeEach(async () => {
      f = await serviceFixture(engine);
      await registerNotesApi(f.svc.store, f.svc.config, f.clock());
    });
    afterEach(() => f.close());
    const web = (extra: Partial<ClientInput> = {}) =>
      createClient(f.svc, consoleAdmin, { clientId: 'app-x', name: 'App X', redirectUris: ['https://app.example.com/cb'], ...extra });

    it('creates a confidential client: the secret is in the result only, the view never shows a hash, the audit names the admin', async () => {
      const { client, secret } = await web({ requireMfa: true });
      expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(client).toMatchObject({ clientId: 'app-x', type: 'confidential', scopes: ['openid', 'profile', 'email', 'offline_access'], requireMfa: true });
      const shown = JSON.stringify([client, await getClient(f.svc, consoleAdmin, 'app-x'), await listClients(f.svc, consoleAdmin)]);
      expect(shown).not.toContain(secret);
      expect(shown).not.toMatch(/sha256:|secretHash/);
      expect(verifyClientSecret((await f.svc.store.clients.findById('app-x'))!.secretHash, secret!)).toBe(true);
      const [event] = await f.svc.store.audit.list({ type: 'client_created' });
      expect(event).toMatchObject({ clientId: 'app-x', ip: '203.0.113.9', detail: { by: 'console', admin: 'root', adminId: 'acc-1' } });
    });

    it('creates a public client without a secret', async () => {
      const { client, secret } = await web({ isPublic: true, scopes: ['openid'] });
      expect(secret).toBeNull();
      expect(client.type).toBe('public');
    });

    it.each<[string, Partial<ClientInput>, RegExp, string]>([
      ['a plain-http redirect URI', { redirectUris: ['http://app.example.com/cb'] }, /must use https/, 'redirect_uris'],
      ['a metadata-service back-channel URI', { backchannelLogoutUri: 'https://169.254.169.254/logout' }, /must not point to/, 'backchannel_logout_uri'],
      ['an unknown scope', { scopes: ['openid', 'reports:read'] }, /Unknown scope reports:read/, 'scopes'],
      ['an unknown grant type', { grantTypes: ['implicit'] }, /Unknown grant type implicit/, 'grant_types'],
      ['a public client with client_credentials', { isPublic: true, grantTypes: ['client_credentials'], scopes: ['notes:read'] }, /public client cannot/, 'grant_types'],
      ['a bad client id', { clientId: 'a b' }, /client id must be/, 'client_id'],
    ])('refuses %s as invalid input naming the field', async (_what, extra, message, field) => {
      const err = await refusal(web(extra));
      expect(err).toMatchObject({ status: 400, code: 'invalid_input', field });
      expect(err?.message).toMatch(message);
      expect(await f.svc.store.clients.findById('app-x')).toBeUndefined();
    });

    it('refuses a private-network back-channel URI in production', async () => {
      const production = { ...f.svc, config: { ...f.svc.config, env: 'production' as const } };
      const err = await refusal(createClient(production, consoleAdmin, { clientId: 'app-x', name: 'X', redirectUris: ['https://app.example.com/cb'], backchannelLogoutUri: 'https://10.0.0.7/bcl' }));
      expect(err).toMatchObject({ code: 'invalid_input', field: 'backchannel_logout_uri' });
    });

    it('refuses a taken client id as a conflict', async () => {
      await web();
      expect(await refusal(web())).toMatchObject({ status: 409, code: 'conflict', field: 'client_id' });
    });

    it('lists a page at a time by client id', async () => {
      for (const id of ['c-3', 'c-1', 'c-2']) await createClient(f.svc, consoleAdmin, { clientId: id, name: id, grantTypes: ['client_credentials'], scopes: ['notes:read'] });
      const first = await listClients(f.svc, consoleAdmin, { limit: 2 });
      expect(first).toEqual({ items: [expect.objectContaining({ clientId: 'c-1' }), expect.objectContaining({ clientId: 'c-2' })], next: 'c-2' });
      expect(await listClients(f.svc, consoleAdmin, { after: first.next!, limit: 2 })).toEqual({ items: [expect.objectContaining({ clientId: 'c-3', type: 'confidential' })], next: null });
      expect(await refusal(listClients(f.svc, consoleAdmin, { limit: 0 }))).toMatchObject({ code: 'invalid_input', field: 'limit' });
    });

    it('updates under the create rules; MFA and verified e-mail switch on and off', async () => {
      await web();
      const updated = await updateClient(f.svc, consoleAdmin, 'app-x', { name: 'Renamed', redirectUris: ['https://b.example/cb'], requireMfa: true, requireVerifiedEmail: true });
      expect(updated).toMatchObject({ name: 'Renamed', redirectUris: ['https://b.example/cb'], requireMfa: true, requireVerifiedEmail: true });
      expect(await updateClient(f.svc, consoleAdmin, 'app-x', { requireMfa: false })).toMatchObject({ requireMfa: false, requireVerifiedEmail: true });
      expect(await refusal(updateClient(f.svc, consoleAdmin, 'app-x', { redirectUris: ['https://b.example/cb#x'] }))).toMatchObject({ code: 'invalid_input' });
      expect(await refusal(updateClient(f.svc, consoleAdmin, 'app-x', { grantTypes: ['client_credentials'] }))).toMatchObject({ code: 'invalid_input' });
      expect(await refusal(updateClient(f.svc, consoleAdmin, 'app-x', {}))).toMatchObject({ code: 'invalid_input' });
      expect(await refusal(updateClient(f.svc, consoleAdmin, 'nope', { name: 'x' }))).toMatchObject({ status: 404, code: 'not_found' });
      expect(await f.svc.store.audit.list({ type: 'mfa_requirement_changed' })).toHaveLength(2);
    });

    it('rotates a secret: the new one works, the old one at once no more; a public client has none', async () => {
      const { secret: old } = await web();
      const { secret } = await rotateClientSecret(f.svc, consoleAdmin, 'app-x');
      const { secretHash } = (await f.svc.store.clients.findById('app-x'))!;
      expect(verifyClientSecret(secretHash, secret)).toBe(true);
      expect(verifyClientSecret(secretHash, old!)).toBe(false);
      await createClient(f.svc, consoleAdmin, { clientId: 'spa', name: 'SPA', redirectUris: ['https://spa.example/cb'], isPublic: true, scopes: ['openid'] });
      expect(await refusal(rotateClientSecret(f.svc, consoleAdmin, 'spa'))).toMatchObject({ code: 'conflict' });
      expect(await refusal(rotateClientSecret(f.svc, consoleAdmin, 'nope'))).toMatchObject({ code: 'not_found' });
    });

    it('deleting a client revokes its grants and refresh tokens and forgets consents and its MFA rule', async () => {
      await web({ requireMfa: true });
      await createClient(f.svc, consoleAdmin, { clientId: 'other', name: 'Other', redirectUris: ['https://o.example/cb'] });
      const account = await newAccount(f.svc.store);
      const grant = await newGrant(f.svc.store, account.id, 'app-x');
      const token = await newRefreshToken(f.svc.store, grant, account.id, 'app-x');
      const otherGrant = await newGrant(f.svc.store, account.id, 'other');
      await f.svc.store.consents.upsert(account.id, 'app-x', ['openid'], f.clock());

      expect(await deleteClient(f.svc, consoleAdmin, 'app-x')).toEqual({ revokedGrants: 1 });
      expect(await f.svc.store.clients.findById('app-x')).toBeUndefined();
      expect(await f.svc.store.grants.find(grant)).toMatchObject({ revokedReason: 'client_deleted' });
      expect((await f.svc.store.refreshTokens.find(token))?.revokedAt).not.toBeNull();
      expect((await f.svc.store.grants.find(otherGrant))?.revokedAt).toBeNull();
      expect(await f.svc.store.consents.find(account.id, 'app-x')).toBeUndefined();
      expect(await f.svc.store.mfaRequirements.has('client', 'app-x')).toBe(false);
      expect((await f.svc.store.audit.list({ type: 'client_deleted' }))[0]?.detail).toMatchObject({ by: 'console', revokedGrants: 1 });
      expect(await refusal(deleteClient(f.svc, consoleAdmin, 'app-x'))).toMatchObject({ code: 'not_found' });

      // A client registered again under the id starts from nothing: the old refresh token stays dead.
      await web();
      expect((await f.svc.store.refreshTokens.find(token))?.revokedAt).not.toBeNull();
      expect((await getClient(f.svc, consoleAdmin, 'app-x')).requireMfa).toBe(false);
    });

    it("will not register, change, rotate or delete the server's own console client", async () => {
      // The server registers it at start and would undo an operator's version.
      expect(await refusal(web({ clientId: 'admin-console' }))).toMatchObject({ status: 409, code: 'conflict' });
      await f.svc.store.clients.create(
        { clientId: 'admin-console', name: 'Admin console', secretHash: 'sha256:x', redirectUris: ['https://sso.example/admin/callback'], postLogoutRedirectUris: [], backchannelLogoutUri: null, grantTypes: ['authorization_code'], scopes: ['openid'], firstParty: true, pkceRequired: true },
        f.clock(),
      );
      for (const attempt of [
        () => updateClient(f.svc, consoleAdmin, 'admin-console', { name: 'Mine' }),
        () => rotateClientSecret(f.svc, consoleAdmin, 'admin-console'),
        () => deleteClient(f.svc, consoleAdmin, 'admin-console'),
      ]) {
        expect(await refusal(attempt())).toMatchObject({ status: 409, code: 'conflict' });
      }
      expect(await f.svc.store.clients.findById('admin-console')).toMatchObject({ name: 'Admin console', secretHash: 'sha256:x' });
    });
  });
}

clientsService('SQLite');
describeWithPostgres('PostgreSQL', () => clientsService('PostgreSQL'));
