import type { Request } from 'express';
import type { AppContext } from '../../app-context.js';
import type { Client } from '../../clients/client.js';

/** RFC 6749 §5.1 successful token response. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  id_token?: string;
  refresh_token?: string;
}

/** One grant type: the token endpoint dispatches on `grant_type` to a handler like this. */
export interface GrantHandler {
  grantType: string;
  handler(ctx: AppContext, req: Request, client: Client): Promise<TokenResponse>;
}
