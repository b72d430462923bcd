/** A console refusal shown as a page: sign-in failures (400), not an admin or no second factor (403). */
export class ConsoleDenied extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    message: string,
  ) {
    super(message);
  }
}
