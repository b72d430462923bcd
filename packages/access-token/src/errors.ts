/**
 * OAuth 2.0 / OpenID Connect errors, named after the code they carry on the wire.
 * RFC 6749 §4.1.2.1 and §5.2, RFC 6750 §3.1, OpenID Connect Core §3.1.2.6.
 */
export class OAuthError extends Error {
  readonly error: string;
  readonly status: number;
  /** Shown to clients; never holds secrets, tokens or internal detail. */
  readonly description: string;

  constructor(error: string, description: string, status = 400) {
    super(description);
    this.name = new.target.name;
    this.error = error;
    this.status = status;
    this.description = description;
  }

  toJSON(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}

/** Each code has its usual status; a surface that must answer otherwise (405, 413, 415, 429) says so. */
const make = (code: string, defaultStatus: number) =>
  class extends OAuthError {
    constructor(description: string, status = defaultStatus) {
      super(code, description, status);
    }
  };

export class InvalidRequest extends make('invalid_request', 400) {}
/** RFC 6749 §5.2: 401 when the client tried to authenticate. */
export class InvalidClient extends make('invalid_client', 401) {}
export class InvalidGrant extends make('invalid_grant', 400) {}
export class UnauthorizedClient extends make('unauthorized_client', 400) {}
export class UnsupportedGrantType extends make('unsupported_grant_type', 400) {}
export class UnsupportedResponseType extends make('unsupported_response_type', 400) {}
export class InvalidScope extends make('invalid_scope', 400) {}
/** RFC 8707 §2: the `resource` is unknown, malformed or not allowed for this client. */
export class InvalidTarget extends make('invalid_target', 400) {}
export class AccessDenied extends make('access_denied', 403) {}
export class LoginRequired extends make('login_required', 400) {}
export class ConsentRequired extends make('consent_required', 400) {}
export class InteractionRequired extends make('interaction_required', 400) {}
/** OpenID Connect Core §3.1.2.6 */
export class RequestNotSupported extends make('request_not_supported', 400) {}
/** OpenID Connect Core §3.1.2.6 */
export class RequestUriNotSupported extends make('request_uri_not_supported', 400) {}
/** RFC 6750 §3.1 */
export class InvalidToken extends make('invalid_token', 401) {}
/** RFC 6750 §3.1 */
export class InsufficientScope extends make('insufficient_scope', 403) {}
export class TemporarilyUnavailable extends make('temporarily_unavailable', 503) {}
export class ServerError extends make('server_error', 500) {}
/** Not an OAuth code, but the same shape keeps every JSON error uniform. */
export class TooManyRequests extends make('too_many_requests', 429) {}
export class NotFound extends make('not_found', 404) {}
export class UnsupportedMediaType extends make('unsupported_media_type', 415) {}
