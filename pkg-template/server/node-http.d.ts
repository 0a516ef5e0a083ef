// Types for rtc-token/server/node (node-http.mjs): the node:http adapter of the token server.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Meeting, Rate, Retention, State } from './handler.js';

export { configFromEnv, createHandler, DEFAULT_RATES, DEFAULT_RETENTION, MemoryState, MAX_BODY_BYTES, PARTICIPANT_GRANT, SERVER_GRANT, StateUnavailable } from './handler.js';
export type { CallerKey, EnvConfig, Grant, HandlerConfig, Limits, Meeting, Rate, Retention, State } from './handler.js';

export type Handler = (request: Request, info?: { clientAddress?: string | undefined }) => Promise<Response>;

/**
 * How many connections the Node server holds and how long it waits for them (times in
 * milliseconds); {@link DEFAULT_CONNECTION_LIMITS} has the defaults.
 */
export interface ConnectionLimits {
  /** Open connections in all (Node's `server.maxConnections`); past it new ones are closed at once. Default 10,000. */
  maxConnections?: number | undefined;
  /** Open connections from one client address (IPv6: one /64); past it new ones are closed at once. `false`: no cap (behind a reverse proxy). Default 64. */
  maxConnectionsPerAddress?: number | false | undefined;
  /** From accept (or the end of the previous request) to the last header line. Default 10,000. */
  headersTimeout?: number | undefined;
  /** From the same start to the end of the request body; at least `headersTimeout`. Default 30,000. */
  requestTimeout?: number | undefined;
  /** How often the two timeouts are checked: a slow client is cut within timeout + this. Default 1,000 (or `headersTimeout`, if smaller). */
  connectionsCheckingInterval?: number | undefined;
  /** An idle kept-alive connection is closed after this. Default 5,000. */
  keepAliveTimeout?: number | undefined;
  /** Requests one connection may carry; the last answer says `Connection: close` and Node answers any later one on it with 503. `false` (the default): no limit. */
  maxRequestsPerSocket?: number | false | undefined;
  /** A connection without traffic either way for this long is closed (Node's `server.timeout`). Default 60,000. */
  socketTimeout?: number | undefined;
}

/**
 * The defaults of {@link ConnectionLimits}.
 *
 * @example
 * await listen(handler, { maxConnections: DEFAULT_CONNECTION_LIMITS.maxConnections * 2 });
 */
export declare const DEFAULT_CONNECTION_LIMITS: Readonly<{
  maxConnections: 10000;
  maxConnectionsPerAddress: 64;
  headersTimeout: 10000;
  requestTimeout: 30000;
  connectionsCheckingInterval: 1000;
  keepAliveTimeout: 5000;
  maxRequestsPerSocket: false;
  socketTimeout: 60000;
}>;

export interface Running {
  server: Server;
  /** e.g. `http://localhost:9000` */
  url: string;
  port: number;
  /** The limits in force, defaults filled in. */
  connectionLimits: { [K in keyof ConnectionLimits]-?: Exclude<ConnectionLimits[K], undefined> };
  /** Stops listening, closes idle and half-open connections at once, lets requests in flight finish (at most 10 s); `serveFromEnv`'s closes its state too. */
  close(): Promise<void>;
}

/**
 * The server's state in Redis, shared by a fleet of Node servers (needs the optional peer
 * dependency `redis`). Outages answer 503 until Redis returns.
 *
 * @example
 * const state = await RedisState.connect(process.env.REDIS_URL);
 * const handler = createHandler({ apiKey, secret, state });
 */
export declare class RedisState implements State {
  static connect(
    url: string,
    options?: { prefix?: string; connectTimeout?: number; commandTimeout?: number; log?: (line: string) => void },
  ): Promise<RedisState>;
  take(key: string, rate: Rate, now: number): Promise<{ allowed: boolean; retryAfter: number }>;
  createMeeting(meeting: Meeting, retention: Retention, now: number): Promise<'created' | 'taken' | 'full'>;
  touchMeeting(meetingId: string, retention: Pick<Retention, 'idleSeconds'>, now: number): Promise<Meeting | null>;
  close(): Promise<void>;
}

/**
 * The server's state in a SQLite file (node:sqlite: Node 22.13 and later): survives a restart.
 *
 * @example
 * const handler = createHandler({ apiKey, secret, state: new SqliteState('/var/lib/rtc-token/state.sqlite') });
 */
export declare class SqliteState implements State {
  constructor(path: string, options?: { busyTimeout?: number });
  take(key: string, rate: Rate, now: number): Promise<{ allowed: boolean; retryAfter: number }>;
  createMeeting(meeting: Meeting, retention: Retention, now: number): Promise<'created' | 'taken' | 'full'>;
  touchMeeting(meetingId: string, retention: Pick<Retention, 'idleSeconds'>, now: number): Promise<Meeting | null>;
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
 * Starts a server for `handler` (port 9000 and host 127.0.0.1 by default; port 0 picks one),
 * held to the {@link ConnectionLimits} (defaults: {@link DEFAULT_CONNECTION_LIMITS}). Behind a
 * reverse proxy pass `maxConnectionsPerAddress: false`: every connection comes from the proxy.
 *
 * @example
 * const { url, close } = await listen(createHandler({ apiKey, secret }), { port: 0, headersTimeout: 5000 });
 */
export declare function listen(
  handler: Handler,
  options?: { port?: number; host?: string; log?: (line: string) => void } & ConnectionLimits,
): Promise<Running>;

/**
 * What `rtc-token serve` runs: configuration from `env` (and `RTC_TOKEN_CALLER_KEYS_FILE`), the
 * state (`REDIS_URL`, …), the server with its connection limits (`RTC_TOKEN_MAX_CONNECTIONS`,
 * `RTC_TOKEN_MAX_CONNECTIONS_PER_ADDRESS` or "off", `RTC_TOKEN_HEADERS_TIMEOUT`,
 * `RTC_TOKEN_REQUEST_TIMEOUT`, `RTC_TOKEN_KEEP_ALIVE_TIMEOUT`), one announcement. Refuses to
 * start off loopback without keys or authorization.
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
