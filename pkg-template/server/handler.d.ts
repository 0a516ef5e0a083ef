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

export interface HandlerConfig {
  /** The app's API key (the `apikey` claim). */
  apiKey: string;
  /** The app's secret: signs and checks tokens, never sent anywhere. */
  secret: string;
  /** A VideoSDK API base URL: create and validate are forwarded there. */
  endpoint?: string | undefined;
  /** Default: a {@link MemoryStore}. */
  store?: MeetingStore | undefined;
  /** `Access-Control-Allow-Origin`, default `*`. */
  corsOrigin?: string | undefined;
  /** Default {@link MAX_BODY_BYTES}. */
  maxBodyBytes?: number | undefined;
  /** How to reach `endpoint` (default: the global fetch). */
  fetch?: typeof fetch | undefined;
  /** Serve the token inspector page at `GET /` to browsers (default true). */
  inspector?: boolean | undefined;
}

export interface EnvConfig extends HandlerConfig {
  corsOrigin: string;
  /** True when no keys were configured and a key pair was generated. */
  development: boolean;
}

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
export declare function createHandler(config: HandlerConfig): (request: Request) => Promise<Response>;

/**
 * The configuration from `VIDEOSDK_API_KEY`, `VIDEOSDK_SECRET_KEY`, `VIDEOSDK_API_ENDPOINT`,
 * `CORS_ORIGIN`; development mode (generated key pair) when neither key is set.
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
