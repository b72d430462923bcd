import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../app-context.js';
import { acrOf, amrOf } from '../../factors/factor.js';
import type { FactorUse } from '../../factors/factor-use.js';
import type { Session } from '../../sessions/session.js';
import { hashToken, randomToken } from '../../tokens/opaque.js';
import type { AuthorizationRequest } from './authorization-request.js';

/** Stores a single-use code bound to client, redirect URI, PKCE challenge and nonce. */
export async function issueCode(ctx: AppContext, request: AuthorizationRequest, session: Session, factors: FactorUse[]): Promise<string> {
  const code = randomToken();
  const now = ctx.clock();
  const client = request.client!;
  const grantId = randomUUID();
  // The code, the sign-in's amr/acr (RFC 8176, OIDC Core §2; for every ID token of the grant) and the
  // record that this session reached the client are written together.
  await ctx.store.transaction(async (tx) => {
    await tx.grantAuthentications.set(
      grantId,
      { amr: amrOf(factors), acr: acrOf(factors) },
      now + (ctx.config.ttl.authorizationCode + ctx.config.ttl.refreshTokenAbsolute) * 1000,
    );
    await tx.codes.create({
      codeHash: hashToken(code),
      grantId,
      clientId: client.clientId,
      accountId: session.accountId,
      sid: session.sid,
      redirectUri: request.redirectUri!,
      scope: request.scopes.join(' '),
      nonce: request.nonce ?? null,
      codeChallenge: request.codeChallenge ?? '',
      codeChallengeMethod: request.codeChallenge ? 'S256' : 'none',
      authTime: session.authTime,
      createdAt: now,
      expiresAt: now + ctx.config.ttl.authorizationCode * 1000,
      resource: request.resource ?? null,
    });
    // Remember that this session reached the client: it is told on logout (Back-Channel Logout §2.5).
    await tx.sessions.addClient(session.sid, client.clientId, now);
  });
  return code;
}
