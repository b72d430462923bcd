/**
 * A refusal from the admin service layer. `code` is stable (API clients branch on it); `message` is
 * for people. The CLI prints it (exit 2), the API answers `{ error: code, error_description }` with
 * `status`, the console shows it on the page.
 */
export class AdminError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409,
    readonly code: string,
    message: string,
    /** The input field at fault, when there is one. */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** 400 `invalid_input`: the request names something malformed or disallowed. */
export class InvalidInput extends AdminError {
  constructor(message: string, field?: string) {
    super(400, 'invalid_input', message, field);
  }
}

/** 404 `not_found`: no user, client, API, session or key by that name. */
export class NotFound extends AdminError {
  constructor(message: string) {
    super(404, 'not_found', message);
  }
}

/** 409 `conflict`: taken (username, client id, scope name) or not possible in the current state. */
export class Conflict extends AdminError {
  constructor(message: string, field?: string) {
    super(409, 'conflict', message, field);
  }
}
