/** An error with a status and a message safe to show on the HTML error page. */
export class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
  }
}

/**
 * What happened, in the auth server's wording (its http/error-page.ts), so every error page of the
 * product reads alike; the message then says what the visitor can do.
 */
export function errorHeading(status: number): string {
  if (status === 404) return 'This page does not exist';
  if (status === 429) return 'Too many attempts';
  if (status === 503) return 'The service is unavailable right now';
  if (status >= 500) return 'Something failed on our side';
  return 'This request could not be completed';
}
