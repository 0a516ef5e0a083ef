#!/usr/bin/env node
// rtc-token: sign, decode and verify access tokens, and serve the token server, offline.
// Exit status: 0 success; 1 the token or payload was refused; 2 a usage error.
//
// A token is someone else's text: everything decode and verify print from it (header, claims,
// reasons that quote a claim) goes through display.mjs's escapes, so an escape sequence or a
// bidi override in a claim cannot move the cursor, recolour the screen or fake the verdict.
// Warnings about contradictory claims (display.mjs's accessWarnings) go to stderr wherever stdout
// is for a script (sign's token, verify's verdict, decode --json).
//
// The library comes by its public name, as any user's code gets it; display.mjs is the one
// presentation module this application shares with the inspector page, which serves it to
// browsers from its own directory.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { decode, generateToken, sign, uuid4, verify, verifyAccessToken } from 'rtc-token';
import { accessWarnings, escapeText, showJson } from '../inspector/display.mjs';

// One text for both commands that take the secret.
const SECRET_HELP = `  --secret-file PATH      read the app's secret from the file PATH ("-": from stdin); one
                          trailing newline is dropped, nothing else
  --secret-stdin          the same as --secret-file -
  --secret SECRET         visible to other users of this machine in "ps" and kept in shell
                          history: prefer --secret-file, --secret-stdin or $VIDEOSDK_SECRET_KEY
                          (the default when none of these is given)`;

const HELP = {
  main: `rtc-token: VideoSDK access tokens (a jsonwebtoken-compatible JWT core in WebAssembly)

usage: rtc-token <command> [options]

commands:
  sign      mint a token (checks the access-token rules first)
  decode    show a token's header and claims, with dates and time left (no secret needed)
  verify    check a token's signature and claims; exit status 0 (valid) or 1 (invalid)
  serve     start the token server (GET /get-token, POST /create-meeting, POST /validate-meeting/:id,
            and the token inspector page at GET / for a browser)
  help      this text, or "rtc-token help <command>"

Every command takes --help. Exit status: 0 success, 1 token or payload refused, 2 usage error.`,
  sign: `usage: rtc-token sign [options]

Mints an HS256 access token and prints it. The payload comes from --payload, or is built from
the flags; the access-token rules are checked first (use --plain to sign any payload as
jsonwebtoken does).

  --payload JSON          the whole payload, e.g. '{"apikey":"k","permissions":["allow_join"]}'
  --apikey KEY            default: $VIDEOSDK_API_KEY
  --permissions LIST      comma-separated: allow_join, ask_join, allow_mod (default allow_join)
  --room-id ID            scope the token to one room (adds "version": 2)
  --participant-id ID     scope the token to one participant (adds "version": 2)
  --role LIST             crawler (server-side API only) or rtc (rooms only) (adds "version": 2)
  --expires-in SPAN       seconds or a time span such as 120m, 24h (default 120m)
  --algorithm ALG         default HS256
  --jwtid                 add a random uuid as "jti"
  --plain                 sign without the access-token rules or defaults
${SECRET_HELP}

Only the token goes to stdout; a warning about contradictory claims (e.g. "roles" holding both
crawler and rtc) goes to stderr.

example:
  VIDEOSDK_SECRET_KEY=… rtc-token sign --apikey my-key --room-id 2kyv-gzay-64pg --role rtc`,
  decode: `usage: rtc-token decode [TOKEN | -] [--json]

Shows a token's header and claims without verifying it: iat, nbf and exp as dates, the time
left before expiry (or since), and a warning line for contradictory VideoSDK claims. Reads the
token from stdin when it is "-" or absent. Control and bidi characters in the token are shown
escaped (\\u001b in JSON, \\x1b or \\u{202e} elsewhere).

  --json    print {"header","payload","signature"} as JSON instead (warnings go to stderr)`,
  verify: `usage: rtc-token verify [TOKEN | -] [options]

Verifies a token and prints "valid" (exit status 0) or "invalid: <reason>" (exit status 1),
control and bidi characters from the token escaped; warnings about contradictory VideoSDK claims
go to stderr. With none of --apikey, --room-id, --participant-id or --use it checks as
jsonwebtoken's verify does; with any of them it runs the room-side check (verifyAccessToken).

${SECRET_HELP}
  --algorithms LIST       comma-separated (default HS256; the room-side check is HS256 only)
  --apikey KEY            the service's API key
  --room-id ID            the room the token is presented to
  --participant-id ID     the participant it is presented for
  --use room|api          what it is presented for (default room)`,
  serve: `usage: rtc-token serve [--port N] [--host H]

Starts the token server. Configuration from the environment: VIDEOSDK_API_KEY,
VIDEOSDK_SECRET_KEY (with neither set: development mode with a generated key pair, printed once,
loopback only), RTC_TOKEN_CALLER_KEYS or RTC_TOKEN_CALLER_KEYS_FILE (server-to-server callers and
their grants), RTC_TOKEN_OPEN (participant|none: anonymous participant tokens; default participant
on loopback, none elsewhere), RTC_TOKEN_MAX_TTL (default 24h), CORS_ORIGINS (exact origins,
comma-separated; * is refused), ALLOWED_HOSTS, VIDEOSDK_API_ENDPOINT (forward create/validate to
that API), PORT (default 9000), HOST (default 127.0.0.1). Off loopback it refuses to start
without keys and either caller keys or RTC_TOKEN_OPEN=participant.

State (rate limits, meetings): RTC_TOKEN_STATE=memory|sqlite:PATH|redis://… or REDIS_URL
(default with keys: a SQLite file under $XDG_STATE_HOME/rtc-token/ on Node 22.13+; memory in
development). Limits per client: RTC_TOKEN_RATE_TOKEN, _CREATE, _VALIDATE, _OTHER ("60/min" or
off; RTC_TOKEN_RATE=off for none), RTC_TOKEN_CLIENT_IP_HEADER (a trusted proxy's header),
RTC_TOKEN_MAX_MEETINGS, RTC_TOKEN_MEETING_IDLE. Connections: RTC_TOKEN_MAX_CONNECTIONS,
RTC_TOKEN_MAX_CONNECTIONS_PER_ADDRESS, RTC_TOKEN_HEADERS_TIMEOUT, RTC_TOKEN_REQUEST_TIMEOUT,
RTC_TOKEN_KEEP_ALIVE_TIMEOUT.

  --port N     overrides PORT
  --host H     overrides HOST`,
};

class UsageError extends Error {}
class Refused extends Error {}

const SECRET_OPTIONS = { secret: { type: 'string' }, 'secret-stdin': { type: 'boolean' }, 'secret-file': { type: 'string' } };
const COMMANDS = {
  sign: {
    options: {
      ...SECRET_OPTIONS,
      payload: { type: 'string' },
      apikey: { type: 'string' },
      permissions: { type: 'string' },
      'room-id': { type: 'string' },
      'participant-id': { type: 'string' },
      role: { type: 'string' },
      'expires-in': { type: 'string' },
      algorithm: { type: 'string' },
      jwtid: { type: 'boolean' },
      plain: { type: 'boolean' },
    },
    run: signCommand,
  },
  decode: { options: { json: { type: 'boolean' } }, run: decodeCommand },
  verify: {
    options: {
      ...SECRET_OPTIONS,
      algorithms: { type: 'string' },
      apikey: { type: 'string' },
      'room-id': { type: 'string' },
      'participant-id': { type: 'string' },
      use: { type: 'string' },
    },
    run: verifyCommand,
  },
  serve: { options: { port: { type: 'string' }, host: { type: 'string' } }, run: serveCommand },
};

const out = (text) => process.stdout.write(`${text}\n`);
/** Warnings on stderr: stdout stays the token or the verdict a script reads. */
const warn = (warnings) => {
  for (const warning of warnings) process.stderr.write(`rtc-token: warning: ${escapeText(warning)}\n`);
};

async function main(argv) {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') return out(HELP.main);
  if (command === '--version') return out(createRequire(import.meta.url)('rtc-token/package.json').version);
  if (command === 'help') {
    if (rest[0] !== undefined && !HELP[rest[0]]) throw new UsageError(`unknown command "${rest[0]}"`);
    return out(HELP[rest[0] ?? 'main']);
  }
  const spec = COMMANDS[command];
  if (!Object.hasOwn(COMMANDS, command)) throw new UsageError(`unknown command "${command}"; try rtc-token --help`);
  if (rest.includes('--help') || rest.includes('-h')) return out(HELP[command]);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: spec.options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${error.message.split('.')[0]}; try rtc-token ${command} --help`);
  }
  return spec.run(parsed.values, parsed.positionals);
}

function readStdin() {
  try {
    return readFileSync(0, 'utf8').trim();
  } catch {
    return '';
  }
}

/** The secret from the one source given: a flag, else $VIDEOSDK_SECRET_KEY. */
function secretFrom(values) {
  const given = ['secret', 'secret-stdin', 'secret-file'].filter((flag) => values[flag] !== undefined).map((flag) => `--${flag}`);
  if (given.length > 1) {
    throw new UsageError(`give one secret source, not ${given.length === 2 ? 'both ' : ''}${given.join(', ').replace(/, ([^,]*)$/, ' and $1')}`);
  }
  if (values['secret-stdin']) return readSecret('-', '--secret-stdin');
  if (values['secret-file'] !== undefined) return readSecret(values['secret-file'], '--secret-file');
  const secret = values.secret ?? process.env.VIDEOSDK_SECRET_KEY;
  if (!secret) throw new UsageError('no secret: use --secret-file PATH, --secret-stdin, or set VIDEOSDK_SECRET_KEY');
  return secret;
}

const READ_ERRORS = { ENOENT: 'no such file', EACCES: 'permission denied', EPERM: 'permission denied', EISDIR: 'it is a directory' };
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A secret from the file `path`, or from stdin for "-": its bytes less one trailing newline
 * ("\n" or "\r\n", as echo, a heredoc or an editor ends it), nothing else trimmed: spaces are
 * the secret's own. Text when the bytes are UTF-8 (as --secret and the environment give it),
 * else the bytes themselves, which decoding would have changed. Errors name the file, never
 * what it holds.
 */
function readSecret(path, flag) {
  const where = path === '-' ? 'stdin' : `"${path}"`;
  let bytes;
  try {
    bytes = readFileSync(path === '-' ? 0 : path);
  } catch (error) {
    throw new UsageError(`${flag}: cannot read ${where}: ${READ_ERRORS[error.code] ?? error.code ?? 'unreadable'}`);
  }
  let end = bytes.length;
  if (bytes[end - 1] === 0x0a) end -= bytes[end - 2] === 0x0d ? 2 : 1;
  const secret = bytes.subarray(0, end);
  if (!secret.length) throw new UsageError(`${flag}: ${where} is empty`);
  try {
    return UTF8.decode(secret);
  } catch {
    return secret;
  }
}

function tokenFrom(positionals, values) {
  if (positionals.length > 1) throw new UsageError('give one token');
  const given = positionals[0];
  if (given !== undefined && given !== '-') return given;
  if (values['secret-stdin'] || values['secret-file'] === '-') throw new UsageError('stdin cannot carry both the secret and the token');
  const token = readStdin();
  if (!token) throw new UsageError('no token: pass it as an argument or on stdin');
  return token;
}

const list = (text) => text.split(',').map((item) => item.trim());

function signCommand(values, positionals) {
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"; try rtc-token sign --help`);
  let payload;
  if (values.payload !== undefined) {
    const conflicting = ['apikey', 'permissions', 'room-id', 'participant-id', 'role'].filter((f) => values[f] !== undefined);
    if (conflicting.length) throw new UsageError(`--payload cannot be combined with --${conflicting.join(', --')}`);
    try {
      payload = JSON.parse(values.payload);
    } catch (error) {
      throw new UsageError(`--payload is not valid JSON: ${error.message}`);
    }
  } else {
    payload = { apikey: values.apikey ?? process.env.VIDEOSDK_API_KEY, permissions: list(values.permissions ?? 'allow_join') };
    if (payload.apikey === undefined) delete payload.apikey;
    if (values['room-id'] !== undefined || values['participant-id'] !== undefined || values.role !== undefined) payload.version = 2;
    if (values['room-id'] !== undefined) payload.roomId = values['room-id'];
    if (values['participant-id'] !== undefined) payload.participantId = values['participant-id'];
    if (values.role !== undefined) payload.roles = list(values.role);
  }
  const options = {};
  if (values['expires-in'] !== undefined) {
    options.expiresIn = /^-?[0-9]+(\.[0-9]*)?$/.test(values['expires-in']) ? Number(values['expires-in']) : values['expires-in'];
  }
  if (values.algorithm !== undefined) options.algorithm = values.algorithm;
  if (values.jwtid) options.jwtid = values.plain ? uuid4() : true;
  const secret = secretFrom(values);
  let token;
  try {
    token = values.plain ? sign(payload, secret, options) : generateToken(payload, secret, options);
  } catch (error) {
    throw new Refused(error.message);
  }
  out(token);
  warn(accessWarnings(decode(token)));
}

function decodeCommand(values, positionals) {
  const token = tokenFrom(positionals, values);
  let decoded;
  try {
    decoded = decode(token, { complete: true });
  } catch (error) {
    throw new Refused(`not a JWT: ${escapeText(error.message)}`);
  }
  if (!decoded) throw new Refused('not a JWT: it needs three base64url parts separated by dots');
  const { header, payload } = decoded;
  if (values.json) {
    out(showJson(decoded, 2));
    return warn(accessWarnings(payload));
  }
  const indent = (text) => text.replace(/^/gm, '  ');
  out(`header\n${indent(showJson(header, 2))}`);
  out(`claims\n${indent(showJson(payload, 2))}`);
  for (const warning of accessWarnings(payload)) out(`warning     ${escapeText(warning)}`);
  const now = Date.now() / 1000;
  /** "<ISO date>  (<words>)", or the claim as it is when it is no date. */
  const when = (seconds, words) => {
    const date = new Date(typeof seconds === 'number' ? seconds * 1000 : NaN);
    if (Number.isNaN(date.getTime())) {
      return `${showJson(seconds)}  (${typeof seconds === 'number' ? 'beyond any date' : 'not a number of seconds'})`;
    }
    return `${date.toISOString()}  (${words(seconds)})`;
  };
  if (payload && typeof payload === 'object') {
    if (payload.iat !== undefined) out(`issued      ${when(payload.iat, (t) => ago(now - t))}`);
    if (payload.nbf !== undefined) out(`not before  ${when(payload.nbf, (t) => (t > now ? `active in ${span(t - now)}` : 'active'))}`);
    if (payload.exp !== undefined) {
      out(`expires     ${when(payload.exp, (t) => (t > now ? `${span(t - now)} left` : `expired ${span(now - t)} ago`))}`);
    } else {
      out('expires     never (no exp claim)');
    }
  }
  out('signature   not checked (rtc-token verify checks it)');
}

function ago(seconds) {
  return seconds >= 0 ? `${span(seconds)} ago` : `in ${span(-seconds)}`;
}

/** 93784 → "1d 2h 3m 4s" (the two largest units). */
function span(seconds) {
  if (!Number.isFinite(seconds)) return 'forever';
  let rest = Math.max(0, Math.floor(seconds));
  const parts = [];
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]]) {
    if (rest >= size || (unit === 's' && parts.length === 0)) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.slice(0, 2).join(' ');
}

function verifyCommand(values, positionals) {
  const token = tokenFrom(positionals, values);
  const secret = secretFrom(values);
  const access = ['apikey', 'room-id', 'participant-id', 'use'].some((f) => values[f] !== undefined);
  try {
    if (access) {
      if (values.algorithms !== undefined) throw new UsageError('--algorithms does not apply to the room-side check (HS256 only)');
      const options = {};
      if (values.apikey !== undefined) options.apikey = values.apikey;
      if (values['room-id'] !== undefined) options.roomId = values['room-id'];
      if (values['participant-id'] !== undefined) options.participantId = values['participant-id'];
      if (values.use !== undefined) options.use = values.use;
      const { join, moderate } = verifyAccessToken(token, secret, options);
      out(`valid (join: ${join}, moderate: ${moderate})`);
    } else {
      verify(token, secret, { algorithms: list(values.algorithms ?? 'HS256') });
      out('valid');
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (error.name === 'Error' && access && !error.inner) throw new UsageError(error.message);
    // Reasons quote claims: "the token is scoped to room "<roomId>"…".
    out(`invalid: ${escapeText(error.inner ? `${error.message} (${error.inner.message})` : error.message)}`);
    process.exitCode = 1;
  }
  // Valid or not, as decode shows them (an unreadable token has no claims to warn about).
  let claims = null;
  try {
    claims = decode(token);
  } catch {
    // Not a JWT: the verdict above already says so.
  }
  warn(accessWarnings(claims));
}

async function serveCommand(values, positionals) {
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"; try rtc-token serve --help`);
  const { serveFromEnv } = await import('rtc-token/server/node');
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new UsageError(`--port must be a whole number from 0 to 65535, not "${values.port}"`);
  }
  let running;
  try {
    running = await serveFromEnv({ env: process.env, port, host: values.host });
  } catch (error) {
    throw new UsageError(error.message);
  }
  const stop = () => running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error) => {
  // Messages echo arguments and payloads too: escaped line by line (token text arrives escaped
  // already, its line breaks included, and escaping twice changes nothing).
  const message = String(error?.message ?? error).split('\n').map(escapeText).join('\n');
  process.stderr.write(`rtc-token: ${message}\n`);
  process.exitCode = error instanceof Refused ? 1 : 2;
});
