// Types for rtc-token/server: the token server as a WHATWG fetch handler.

/** Where the embedded room registry keeps meetings (sync or async methods). */
export interface MeetingStore {
  create(meeting: Meeting): unknown;
  get(meetingId: string): Meeting | null | undefined | Promise<Meeting | null | undefined>;
}

export interface Meeting {
  meetingId: string;
  region?: string;
  createdAt: string;
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
  /** Default: a {@link MemoryStore}. */
  store?: MeetingStore | undefined;
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
 * `RTC_TOKEN_CALLER_KEYS`, `RTC_TOKEN_OPEN`, `RTC_TOKEN_MAX_TTL`, `CORS_ORIGINS`, `ALLOWED_HOSTS`;
 * development mode (generated key pair, loopback only) when neither key is set.
 *
 * @example
 * const config = configFromEnv(process.env);
 */
export declare function configFromEnv(env?: Record<string, string | undefined>): EnvConfig;

/**
 * Meetings in memory, oldest forgotten first past `limit` (default 10,000).
 *
 * @example
 * const handler = createHandler({ apiKey, secret, store: new MemoryStore({ limit: 1000 }) });
 */
export declare class MemoryStore implements MeetingStore {
  constructor(options?: { limit?: number });
  create(meeting: Meeting): void;
  get(meetingId: string): Meeting | null;
}
