// The Worker that workerd.mjs bundles (as wrangler does) and serves: GET /?lib=NAME&n=N runs N
// HS256 signs of the workload with one library inside one request and answers the last token.
// workerd's Date.now() does not advance without I/O, so the time is taken from outside: the
// request's wall time, minus that of `lib=empty` (the same request doing nothing).
import { sign as rtcSign } from 'rtc-token';
import { SignJWT } from 'jose';
import tsndr from '@tsndr/cloudflare-worker-jwt';
import { PAYLOAD, SECRET, OPTIONS } from '../lib/workload.mjs';

const encoder = new TextEncoder();
const SECRET_BYTES = encoder.encode(SECRET);
const base64url = (bytes) => {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  return btoa(binary).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
};
const HEADER_B64 = base64url(encoder.encode(JSON.stringify({ alg: 'HS256', typ: 'JWT' })));
const claimsNow = () => {
  const iat = Math.floor(Date.now() / 1000);
  return { ...PAYLOAD, iat, exp: iat + 7200 };
};
// A ready signing input (fixed times: the bare HMAC row measures the MAC alone).
const READY = `${HEADER_B64}.${base64url(encoder.encode(JSON.stringify({ ...PAYLOAD, iat: 1700000000, exp: 1700007200 })))}`;
const READY_BYTES = encoder.encode(READY);

/** The HMAC CryptoKey, imported in the first request (no async work at global scope). */
let hmacKey;

/** A hand-written WebCrypto signer: JSON + base64url + crypto.subtle.sign with a reused key. */
async function handSign() {
  const input = `${HEADER_B64}.${base64url(encoder.encode(JSON.stringify(claimsNow())))}`;
  return `${input}.${base64url(new Uint8Array(await crypto.subtle.sign('HMAC', hmacKey, encoder.encode(input))))}`;
}

/** name → one sign (sync or async); each returns a token. */
const SIGNERS = {
  empty: () => '',
  'rtc-token': () => rtcSign(PAYLOAD, SECRET, OPTIONS),
  jose: () => new SignJWT(PAYLOAD).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt().setExpirationTime('120m').sign(SECRET_BYTES),
  tsndr: () => tsndr.sign(claimsNow(), SECRET),
  'hand-written WebCrypto': handSign,
  'bare WebCrypto HMAC': async () => `${READY}.${base64url(new Uint8Array(await crypto.subtle.sign('HMAC', hmacKey, READY_BYTES)))}`,
};
const ASYNC = new Set(['jose', 'tsndr', 'hand-written WebCrypto', 'bare WebCrypto HMAC']);

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const name = url.searchParams.get('lib');
    const n = Number(url.searchParams.get('n'));
    const signer = SIGNERS[name];
    if (!signer || !(n > 0)) return new Response(`unknown lib ${name} or n ${n}`, { status: 400 });
    hmacKey ??= await crypto.subtle.importKey('raw', SECRET_BYTES, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    let token;
    if (name === 'empty') {
      token = signer();
    } else if (ASYNC.has(name)) {
      for (let i = 0; i < n; i++) token = await signer();
    } else {
      for (let i = 0; i < n; i++) token = signer();
    }
    return Response.json({ token });
  },
};
