#!/usr/bin/env node
// rtc-token: sign, decode and verify access tokens, and serve the token server, offline.
// Exit status: 0 success; 1 the token or payload was refused; 2 a usage error.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { decode, generateToken, sign, uuid4, verify, verifyAccessToken } from 'rtc-token';

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
  --secret SECRET         the app's secret (visible to other users of this machine in "ps":
  --secret-stdin          prefer reading it from stdin, or from $VIDEOSDK_SECRET_KEY)

example:
  VIDEOSDK_SECRET_KEY=… rtc-token sign --apikey my-key --room-id 2kyv-gzay-64pg --role rtc`,
  decode: `usage: rtc-token decode [TOKEN | -] [--json]

Shows a token's header and claims without verifying it: iat, nbf and exp as dates, and the time
left before expiry (or since). Reads the token from stdin when it is "-" or absent.

  --json    print {"header","payload","signature"} as JSON instead`,
  verify: `usage: rtc-token verify [TOKEN | -] [options]

Verifies a token and prints "valid" (exit status 0) or "invalid: <reason>" (exit status 1).
With none of --apikey, --room-id, --participant-id or --use it checks as jsonwebtoken's verify
does; with any of them it runs the room-side check (verifyAccessToken).

  --secret SECRET | --secret-stdin     default: $VIDEOSDK_SECRET_KEY
  --algorithms LIST       comma-separated (default HS256; the room-side check is HS256 only)
  --apikey KEY            the service's API key
  --room-id ID            the room the token is presented to
  --participant-id ID     the participant it is presented for
  --use room|api          what it is presented for (default room)`,
  serve: `usage: rtc-token serve [--port N] [--host H]

Starts the token server. Configuration from the environment: VIDEOSDK_API_KEY,
VIDEOSDK_SECRET_KEY (with neither set: development mode with a generated key pair, printed once),
VIDEOSDK_API_ENDPOINT (forward create/validate to that API), PORT (default 9000), HOST (default
127.0.0.1), CORS_ORIGIN (default *).

  --port N     overrides PORT
  --host H     overrides HOST`,
};

class UsageError extends Error {}
class Refused extends Error {}

const SECRET_OPTIONS = { secret: { type: 'string' }, 'secret-stdin': { type: 'boolean' } };
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

async function main(argv) {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') return out(HELP.main);
  if (command === '--version') return out(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
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

function secretFrom(values) {
  if (values.secret !== undefined && values['secret-stdin']) throw new UsageError('give --secret or --secret-stdin, not both');
  const secret = values['secret-stdin'] ? readStdin() : values.secret ?? process.env.VIDEOSDK_SECRET_KEY;
  if (!secret) throw new UsageError('no secret: use --secret-stdin, --secret, or set VIDEOSDK_SECRET_KEY');
  return secret;
}

function tokenFrom(positionals, values) {
  if (positionals.length > 1) throw new UsageError('give one token');
  const given = positionals[0];
  if (given !== undefined && given !== '-') return given;
  if (values['secret-stdin']) throw new UsageError('stdin cannot carry both the secret and the token');
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
  try {
    out(values.plain ? sign(payload, secret, options) : generateToken(payload, secret, options));
  } catch (error) {
    throw new Refused(error.message);
  }
}

function decodeCommand(values, positionals) {
  const token = tokenFrom(positionals, values);
  let decoded;
  try {
    decoded = decode(token, { complete: true });
  } catch (error) {
    throw new Refused(`not a JWT: ${error.message}`);
  }
  if (!decoded) throw new Refused('not a JWT: it needs three base64url parts separated by dots');
  if (values.json) return out(JSON.stringify(decoded, null, 2));
  const { header, payload } = decoded;
  const indent = (text) => text.replace(/^/gm, '  ');
  out(`header\n${indent(JSON.stringify(header, null, 2))}`);
  out(`claims\n${indent(typeof payload === 'string' ? JSON.stringify(payload) : JSON.stringify(payload, null, 2))}`);
  const now = Date.now() / 1000;
  const at = (seconds) => (Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : String(seconds));
  if (payload && typeof payload === 'object') {
    if (payload.iat !== undefined) out(`issued      ${at(payload.iat)}  (${ago(now - payload.iat)})`);
    if (payload.nbf !== undefined) out(`not before  ${at(payload.nbf)}  (${payload.nbf > now ? `active in ${span(payload.nbf - now)}` : 'active'})`);
    if (payload.exp !== undefined) {
      out(`expires     ${at(payload.exp)}  (${payload.exp > now ? `${span(payload.exp - now)} left` : `expired ${span(now - payload.exp)} ago`})`);
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
    out(`invalid: ${error.inner ? `${error.message} (${error.inner.message})` : error.message}`);
    process.exitCode = 1;
  }
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
  if (error instanceof Refused) {
    process.stderr.write(`rtc-token: ${error.message}\n`);
    process.exitCode = 1;
  } else if (error instanceof UsageError) {
    process.stderr.write(`rtc-token: ${error.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`rtc-token: ${error?.message ?? error}\n`);
    process.exitCode = 2;
  }
});
