/** An error the emulated API answers with: HTTP 200 and `Response.Error { Code, Message }`. */
export class TatApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TatApiError';
  }
}

/** Shorthand for throwing an API error from a handler. */
export function apiError(code: string, message: string): TatApiError {
  return new TatApiError(code, message);
}
