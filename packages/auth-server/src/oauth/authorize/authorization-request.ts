import type { AppContext } from '../../app-context.js';
import type { ScopeRegistry } from '../../apis/registry.js';
import type { Client } from '../../clients/client.js';

/** The authorization request as the steps validate it, field by field. */
export interface AuthorizationRequest {
  /** The raw single-valued parameters (kept to resume after login or consent). */
  params: Record<string, string>;
  client?: Client;
  /** Set only once it matched a registered URI: from then on errors are redirected. */
  redirectUri?: string;
  state?: string | undefined;
  scopes: string[];
  /** The scopes and APIs known when the request was checked. */
  registry?: ScopeRegistry;
  /** RFC 8707 resource indicator, checked against the granted scopes. */
  resource?: string | undefined;
  nonce?: string | undefined;
  codeChallenge?: string;
  prompt: Set<string>;
  maxAge?: number | undefined;
  loginHint?: string | undefined;
  /** `sub` of a verified id_token_hint (steps/check-id-token-hint.ts). */
  hintSub?: string | undefined;
}

/** Parameters an authorization request may carry (OpenID Connect Core §3.1.2.1, RFC 7636 §4.3). */
export const AUTHORIZATION_PARAMS = [
  'client_id',
  'redirect_uri',
  'response_type',
  'response_mode',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'prompt',
  'max_age',
  'login_hint',
  'ui_locales',
  'display',
  'id_token_hint',
  'acr_values',
  'request',
  'request_uri',
  'claims',
  'resource',
] as const;

export type AuthorizationStep = (request: AuthorizationRequest, ctx: AppContext) => Promise<void> | void;
