import type { Config } from '../config/config.js';

/** Leeway for clock skew, as in verifyOwnToken. */
export const CLOCK_TOLERANCE_SEC = 5;

/**
 * The longest an access token of this server lives. Revocation entries are kept this long at most
 * (an entry outliving every token it could match is waste an attacker could pile up), and a token
 * claiming to be older is refused (checkAccessToken), so dropping an entry never revives a token.
 * Anything that issues access tokens with another lifetime must raise this bound.
 */
export const longestAccessTokenLifetimeSec = (config: Pick<Config, 'ttl'>): number => config.ttl.accessToken;
