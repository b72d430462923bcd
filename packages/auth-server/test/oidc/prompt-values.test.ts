import request from 'supertest';
import { startOidcFixture, type OidcFixture } from './oidc.fixture.js';

let f: OidcFixture;
beforeAll(async () => {
  f = await startOidcFixture();
});
afterAll(() => f.close());

const request_ = (prompt: string) =>
  `/authorize?${new URLSearchParams({
    client_id: 'web-app',
    redirect_uri: 'https://rp.example/callback',
    response_type: 'code',
    scope: 'openid',
    state: 'st',
    nonce: 'n',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    prompt,
  }).toString()}`;

/** The error the authorization endpoint answers with, or null when it went on (to the login page). */
async function errorFor(prompt: string): Promise<string | null> {
  const res = await request(f.ctx.app).get(request_(prompt));
  const location = res.headers.location;
  if (!location) throw new Error(`no redirect for prompt=${prompt}: ${res.status}`);
  return new URL(location, f.issuer).searchParams.get('error');
}

describe('prompt_values_supported (Discovery 1.0 §3)', () => {
  // Values from OIDC Core §3.1.2.1 and the Initiating User Registration spec, plus nonsense.
  const candidates = ['none', 'login', 'consent', 'select_account', 'create', 'bogus'];

  test('lists exactly the prompt values /authorize accepts', async () => {
    const body = (await request(f.ctx.app).get('/.well-known/openid-configuration').expect(200)).body as { prompt_values_supported: string[] };
    const listed = body.prompt_values_supported;
    for (const value of new Set([...candidates, ...listed])) {
      const error = await errorFor(value);
      // prompt=none without a session is accepted and answered with login_required (OIDC Core §3.1.2.6).
      const accepted = error === null || error === 'login_required';
      expect({ value, accepted }).toEqual({ value, accepted: listed.includes(value) });
      if (!accepted) expect(error).toBe('invalid_request');
    }
  });
});
