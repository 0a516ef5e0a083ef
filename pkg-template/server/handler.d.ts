// Types for rtc-token/server: the token server as a WHATWG fetch handler.

/** A meeting of the embedded registry. */
export interface Meeting {
  meetingId: string;
  region?: string;
  createdAt: string;
}

/** A token bucket's rate: `limit` requests in a burst, refilled evenly over `seconds`. */
export interface Rate {
  limit: number;
  seconds: number;
}

/** How the embedded registry keeps meetings. */
export interface Retention {
  /** Live meetings kept at most; a full registry answers 503 (nothing is evicted). */
  maxMeetings: number;
  /** Seconds a meeting lives after its last create or validation. */
  idleSeconds: number;
}

/**
 * What the server keeps between requests: rate-limit buckets and the registry's meetings. Every
 * method takes the clock (`now`, ms since the epoch); a backend that cannot reach its service
 * throws {@link StateUnavailable} (the server answers 503).
 */
export interface State {
  /** One token from `key`'s bucket; refused, `retryAfter` is the whole seconds (≥ 1) to wait. Atomic. */
  take(key: string, rate: Rate, now: number): Promise<{ allowed: boolean; retryAfter: number }>;
  /** Keeps `meeting` unless a live one has its id (`taken`) or the registry is full (`full`). Atomic. */
  createMeeting(meeting: Meeting, retention: Retention, now: number): Promise<'created' | 'taken' | 'full'>;
  /** The live meeting of that id with its idle time restarted, or null. */
  touchMeeting(meetingId: string, retention: Pick<Retention, 'idleSeconds'>, now: number): Promise<Meeting | null>;
  close?(): Promise<void>;
}

/** Requests per client a route group admits; `false` turns a group's limit off. */
export interface Limits {
  /** GET /get-token (default "60/min"). */
  token?: string | Rate | false | undefined;
  /** POST /create-meeting (default "10/min"). */
  create?: string | Rate | false | undefined;
  /** POST /validate-meeting/:id (default "120/min"). */
  validate?: string | Rate | false | undefined;
  /** The inspector page, GET /, preflights and unknown paths (default "300/min"). */
  other?: string | Rate | false | undefined;
}

/**
 * The most a caller may mint. A request to GET /get-token can only narrow it: asking for more is
 * a 403 naming what was refused.
 */
export interface Grant {
  /** The permissions it may hold (VideoSDK: allow_join, ask_join, allow_mod). */
  permissions: string[];
  /** The roles it may hold (crawler: the server-side API; rtc: rooms). */
  roles: string[];
  /** Only tokens for this room. */
  roomId?: string | undefined;
  /** Only tokens for this participant. */
  participantId?: string | undefined;
  /** The longest lifetime, seconds or a time span such as "2h" (never above the server's cap). */
  maxTtl?: number | string | undefined;
}

/** A server-to-server caller, known by `Authorization: Bearer <key>`. */
export interface CallerKey {
  /** Its name in the audit log (never the key). */
  id: string;
  /** At least 32 characters. */
  key: string;
  /** Default {@link SERVER_GRANT}. */
  grant?: Grant | undefined;
}

export interface HandlerConfig {
  /** The app's API key (the `apikey` claim). */
  apiKey: string;
  /** The app's secret: signs and checks tokens, never sent anywhere. */
  secret: string;
  /** The grant of a caller, from the app's own sign-in; `null` is a 401. */
  authorize?: ((request: Request) => Grant | null | undefined | Promise<Grant | null | undefined>) | undefined;
  /** Server-to-server callers. */
  callerKeys?: CallerKey[] | undefined;
  /** Anonymous callers get {@link PARTICIPANT_GRANT}; default: when neither `authorize` nor `callerKeys` is given. */
  open?: boolean | undefined;
  /** The longest lifetime of any token minted: seconds or a time span (default "24h"). */
  maxTtl?: number | string | undefined;
  /** Exact origins whose pages may call the server (never "*"). */
  corsOrigins?: string[] | undefined;
  /** One origin (older form of `corsOrigins`). */
  corsOrigin?: string | undefined;
  /** Also allow http://localhost:* and http://127.0.0.1:* (development). */
  loopbackDev?: boolean | undefined;
  /** Host names served; others get 421 before routing (default: any). */
  allowedHosts?: string[] | undefined;
  /** Where the audit lines go: one JSON line per token minted. */
  log?: ((line: string) => void) | undefined;
  /** A VideoSDK API base URL: create and validate are forwarded there. */
  endpoint?: string | undefined;
  /** Where rate-limit buckets and meetings live (default: a {@link MemoryState}, this process only). */
  state?: State | undefined;
  /** Requests per client and route group ({@link DEFAULT_RATES}); `false`: no limits. */
  limits?: Limits | false | undefined;
  /** The header a trusted proxy puts the client's address in (`cf-connecting-ip`; `x-forwarded-for`: its last entry). Default: the socket's address. */
  clientAddressHeader?: string | undefined;
  /** How many meetings the embedded registry keeps and how long ({@link DEFAULT_RETENTION}); `idleSeconds` may be a time span ("24h"). */
  retention?: { maxMeetings?: number | undefined; idleSeconds?: number | string | undefined } | undefined;
  /** Default {@link MAX_BODY_BYTES}. */
  maxBodyBytes?: number | undefined;
  /** How to reach `endpoint` (default: the global fetch). */
  fetch?: typeof fetch | undefined;
  /** Serve the token inspector page at `GET /` to browsers (default true). */
  inspector?: boolean | undefined;
}

export interface EnvConfig extends HandlerConfig {
  callerKeys: CallerKey[];
  open: boolean;
  corsOrigins: string[];
  loopbackDev: boolean;
  /** True when no keys were configured and a key pair was generated. */
  development: boolean;
}

/** What an anonymous caller may mint where the server is open: allow_join, role rtc. */
export declare const PARTICIPANT_GRANT: Readonly<Grant>;

/** What a caller key without a grant of its own may mint: every permission and role. */
export declare const SERVER_GRANT: Readonly<Grant>;

/** Request bodies above this many bytes get 413. */
export declare const MAX_BODY_BYTES: number;

/**
 * The token server's fetch handler.
 *
 * @example
 * import { configFromEnv, createHandler } from 'rtc-token/server';
 * let handler: ((request: Request) => Promise<Response>) | undefined;
 * export default { fetch: (request: Request, env: Record<string, string>) => (handler ??= createHandler(configFromEnv(env)))(request) };
 */
export declare function createHandler(config: HandlerConfig): (request: Request, info?: { clientAddress?: string | undefined }) => Promise<Response>;

/**
 * The configuration from `VIDEOSDK_API_KEY`, `VIDEOSDK_SECRET_KEY`, `VIDEOSDK_API_ENDPOINT`,
 * `RTC_TOKEN_CALLER_KEYS`, `RTC_TOKEN_OPEN`, `RTC_TOKEN_MAX_TTL`, `CORS_ORIGINS`, `ALLOWED_HOSTS`,
 * `RTC_TOKEN_RATE_*`, `RTC_TOKEN_CLIENT_IP_HEADER`, `RTC_TOKEN_MAX_MEETINGS`, `RTC_TOKEN_MEETING_IDLE`;
 * development mode (generated key pair, loopback only) when neither key is set.
 *
 * @example
 * const config = configFromEnv(process.env);
 */
export declare function configFromEnv(env?: Record<string, string | undefined>): EnvConfig;

/** Each route group's default rate per client: token 60/min, create 10/min, validate 120/min, other 300/min. */
export declare const DEFAULT_RATES: Readonly<{ token: string; create: string; validate: string; other: string }>;

/** The registry's defaults: 10,000 live meetings, each kept 24 hours after its last use. */
export declare const DEFAULT_RETENTION: Readonly<Retention>;

/** A Durable Object namespace binding, as a Worker's `env` holds it. */
export interface DurableObjectNamespaceLike {
  idFromName(name: string): unknown;
  get(id: unknown): { fetch(input: string, init?: RequestInit): Promise<Response> };
}

/**
 * The Durable Object class that holds the state for Workers: export it from your Worker and bind
 * it (SQLite-backed: `new_sqlite_classes` in the migration).
 */
export declare class TokenStateObject {
  constructor(ctx: unknown, env?: unknown);
  fetch(request: Request): Promise<Response>;
  alarm(): Promise<void>;
}

/**
 * A {@link State} kept in {@link TokenStateObject}s: one object for the meeting registry, one per
 * rate-limit bucket, so every isolate and location sees the same state. A call not answered
 * within `timeout` ms (default 3000) is {@link StateUnavailable}.
 *
 * @example
 * export { TokenStateObject } from 'rtc-token/server';
 * const handler = createHandler({ ...configFromEnv(env), state: durableObjectState(env.TOKEN_STATE), clientAddressHeader: 'cf-connecting-ip' });
 */
export declare function durableObjectState(namespace: DurableObjectNamespaceLike, options?: { prefix?: string | undefined; timeout?: number | undefined }): State;

/** Thrown by a {@link State} whose service cannot be reached; the server answers 503. */
export declare class StateUnavailable extends Error {
  constructor(message?: string, options?: { cause?: unknown });
}

/**
 * The state in this process's memory (the default): one process or one Worker isolate sees it,
 * a restart forgets it. At most `maxBuckets` rate-limit buckets (default 100,000; past that the
 * least recently used are forgotten).
 *
 * @example
 * const handler = createHandler({ apiKey, secret, state: new MemoryState() });
 */
export declare class MemoryState implements State {
  constructor(options?: { maxBuckets?: number });
  take(key: string, rate: Rate, now: number): Promise<{ allowed: boolean; retryAfter: number }>;
  createMeeting(meeting: Meeting, retention: Retention, now: number): Promise<'created' | 'taken' | 'full'>;
  touchMeeting(meetingId: string, retention: Pick<Retention, 'idleSeconds'>, now: number): Promise<Meeting | null>;
  close(): Promise<void>;
}
