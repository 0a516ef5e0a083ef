// Types for rtc-token/server/node (node-http.mjs): the node:http adapter of the token server.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export { configFromEnv, createHandler, MemoryStore, MAX_BODY_BYTES, PARTICIPANT_GRANT, SERVER_GRANT } from './handler.js';
export type { CallerKey, EnvConfig, Grant, HandlerConfig, Meeting, MeetingStore } from './handler.js';

export type Handler = (request: Request, info?: { clientAddress?: string | undefined }) => Promise<Response>;

export interface Running {
  server: Server;
  /** e.g. `http://localhost:9000` */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * A node:http request listener running a fetch handler; logs one line per request.
 *
 * @example
 * http.createServer(toNodeListener(createHandler({ apiKey, secret }), { log: console.log })).listen(9000);
 */
export declare function toNodeListener(
  handler: Handler,
  options?: { log?: (line: string) => void; maxBodyBytes?: number },
): (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * Starts a server for `handler` (port 9000 and host 127.0.0.1 by default; port 0 picks one).
 *
 * @example
 * const { url, close } = await listen(createHandler({ apiKey, secret }), { port: 0 });
 */
export declare function listen(handler: Handler, options?: { port?: number; host?: string; log?: (line: string) => void }): Promise<Running>;

/**
 * What `rtc-token serve` runs: configuration from `env` (and `RTC_TOKEN_CALLER_KEYS_FILE`), the
 * server, one announcement. Refuses to start off loopback without keys or authorization.
 *
 * @example
 * await serveFromEnv({ env: process.env });
 */
export declare function serveFromEnv(options?: {
  env?: Record<string, string | undefined>;
  port?: number;
  host?: string;
  log?: (line: string) => void;
}): Promise<Running>;
