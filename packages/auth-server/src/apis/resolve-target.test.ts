import { InvalidTarget } from '@sso/shared';
import type { Api } from './api.js';
import { buildRegistry } from './registry.js';
import { resolveTarget } from './resolve-target.js';

const api = (identifier: string, scopes: string[]): Api => ({
  identifier,
  name: identifier,
  scopes: scopes.map((name) => ({ name, description: name })),
  accessTokenTtl: null,
  includeRoles: false,
  secretHash: null,
  createdAt: 0,
  updatedAt: 0,
});
const NOTES = api('https://notes.example', ['notes:read', 'notes:write']);
const REPORTS = api('https://reports.example', ['reports:read']);
const registry = buildRegistry([NOTES, REPORTS], 'https://sso.example');

describe('resolveTarget (RFC 8707)', () => {
  it('API scopes imply their API; the token scope holds only that API’s scopes', () => {
    expect(resolveTarget(registry, ['openid', 'notes:read', 'offline_access'])).toEqual({ api: NOTES, scopes: ['notes:read'] });
  });

  it('no API scope: userinfo only, OpenID scopes only (unknown ones, e.g. of a deleted API, drop out)', () => {
    expect(resolveTarget(registry, ['openid', 'profile', 'gone:read'])).toEqual({ api: null, scopes: ['openid', 'profile'] });
  });

  it('resource picks one of the granted APIs', () => {
    expect(resolveTarget(registry, ['notes:read', 'reports:read'], REPORTS.identifier)).toEqual({ api: REPORTS, scopes: ['reports:read'] });
    expect(resolveTarget(registry, ['openid', 'notes:read'], 'https://sso.example/userinfo')).toEqual({ api: null, scopes: ['openid'] });
  });

  it.each([
    ['two APIs without resource', ['notes:read', 'reports:read'], undefined],
    ['an unknown resource', ['notes:read'], 'https://other.example'],
    ['a resource none of whose scopes was granted', ['notes:read'], REPORTS.identifier],
    ['a resource with a fragment', ['notes:read'], `${NOTES.identifier}#x`],
    ['a relative resource', ['notes:read'], '/notes'],
    ['userinfo without openid', ['notes:read'], 'https://sso.example/userinfo'],
  ])('refuses %s with invalid_target', (_what, scopes, resource) => {
    expect(() => resolveTarget(registry, scopes, resource)).toThrow(InvalidTarget);
  });
});
