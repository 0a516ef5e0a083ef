// The token server's answers: JSON bodies with the headers every answer carries, and the error
// that becomes one. Nothing here knows a route.

/** An error that becomes a JSON response `{ error, … }` with `status`. */
export class HttpError extends Error {
  constructor(status, body, headers = {}) {
    super(body.error);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/**
 * A JSON response. Tokens travel in these bodies: never cached (`no-store`), never sniffed as
 * another type (`nosniff`).
 */
export function json(status, body, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...headers,
    },
  });
}
