import { InvalidRequest } from '@sso/shared';
import type { AuthorizationStep } from '../authorize/authorization-request.js';

/** Every prompt value this server acts on; discovery advertises exactly this list (Discovery 1.0 §3). */
export const PROMPT_VALUES = ['none', 'login', 'consent', 'select_account'] as const;
const KNOWN = new Set<string>(PROMPT_VALUES);

/** prompt, max_age, nonce and login_hint (OpenID Connect Core §3.1.2.1). */
export const checkPrompt: AuthorizationStep = (request) => {
  const prompt = new Set((request.params.prompt ?? '').split(' ').filter(Boolean));
  for (const p of prompt) if (!KNOWN.has(p)) throw new InvalidRequest(`Unsupported prompt value: ${p}`);
  if (prompt.has('none') && prompt.size > 1) throw new InvalidRequest('prompt=none cannot be combined with other values');
  request.prompt = prompt;

  const maxAge = request.params.max_age;
  if (maxAge !== undefined) {
    if (!/^\d{1,9}$/.test(maxAge)) throw new InvalidRequest('max_age must be a non-negative integer');
    request.maxAge = Number(maxAge);
  }
  const nonce = request.params.nonce;
  if (nonce !== undefined && nonce.length > 512) throw new InvalidRequest('nonce is too long');
  request.nonce = nonce;
  request.loginHint = request.params.login_hint;
};
