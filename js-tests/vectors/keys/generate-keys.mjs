// Writes the test-only key fixtures of this directory (small, committed, never used outside
// tests). Key generation cannot be seeded in Node, so the fixtures are generated once and
// committed; re-running keeps existing files and only adds missing ones. Certificates and the
// legacy-encrypted PEM come from the `openssl` command line (Node has no API for either).
//
//   node js-tests/vectors/keys/generate-keys.mjs
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PASSPHRASE = 'rtc-token test passphrase';

function write(name, make) {
  const file = path.join(HERE, name);
  if (fs.existsSync(file)) return;
  fs.writeFileSync(file, make());
  console.log(`wrote ${name}`);
}

function pair(name, type, options) {
  if (fs.existsSync(path.join(HERE, `${name}.pkcs8.pem`))) return;
  const { privateKey } = crypto.generateKeyPairSync(type, options);
  fs.writeFileSync(path.join(HERE, `${name}.pkcs8.pem`), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  console.log(`wrote ${name}.pkcs8.pem`);
}

const load = (name) => crypto.createPrivateKey(fs.readFileSync(path.join(HERE, `${name}.pkcs8.pem`)));

pair('rsa2048', 'rsa', { modulusLength: 2048 });
pair('rsa2048-other', 'rsa', { modulusLength: 2048 });
pair('rsa1024', 'rsa', { modulusLength: 1024 });
pair('rsapss2048-sha256', 'rsa-pss', { modulusLength: 2048, hashAlgorithm: 'sha256', mgf1HashAlgorithm: 'sha256', saltLength: 32 });
pair('rsapss2048-sha512', 'rsa-pss', { modulusLength: 2048, hashAlgorithm: 'sha512', mgf1HashAlgorithm: 'sha512', saltLength: 64 });
pair('rsapss2048-bare', 'rsa-pss', { modulusLength: 2048 });
pair('p256', 'ec', { namedCurve: 'prime256v1' });
pair('p256-other', 'ec', { namedCurve: 'prime256v1' });
pair('p384', 'ec', { namedCurve: 'secp384r1' });
pair('p521', 'ec', { namedCurve: 'secp521r1' });
pair('secp256k1', 'ec', { namedCurve: 'secp256k1' });
pair('ed25519', 'ed25519', {});
pair('ed25519-other', 'ed25519', {});
pair('x25519', 'x25519', {});

// Every other form, derived from the PKCS#8 files.
for (const name of ['rsa2048', 'rsa1024', 'rsapss2048-sha256', 'rsapss2048-bare', 'p256', 'p384', 'p521', 'secp256k1', 'ed25519', 'x25519', 'rsa2048-other', 'p256-other', 'ed25519-other', 'rsapss2048-sha512']) {
  const key = load(name);
  write(`${name}.spki.pem`, () => crypto.createPublicKey(key).export({ type: 'spki', format: 'pem' }));
}
for (const name of ['rsa2048', 'p256', 'p384', 'p521', 'ed25519']) {
  const key = load(name);
  write(`${name}.private.jwk.json`, () => `${JSON.stringify(key.export({ format: 'jwk' }))}\n`);
  write(`${name}.public.jwk.json`, () => `${JSON.stringify(crypto.createPublicKey(key).export({ format: 'jwk' }))}\n`);
}
const rsa = load('rsa2048');
write('rsa2048.pkcs1.pem', () => rsa.export({ type: 'pkcs1', format: 'pem' }));
write('rsa2048.pkcs1-public.pem', () => crypto.createPublicKey(rsa).export({ type: 'pkcs1', format: 'pem' }));
write('rsa2048.encrypted-pkcs8.pem', () =>
  rsa.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE }));
write('rsa2048.legacy-encrypted.pem', () =>
  rsa.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE }));
write('p256.sec1.pem', () => load('p256').export({ type: 'sec1', format: 'pem' }));
write('p521.sec1.pem', () => load('p521').export({ type: 'sec1', format: 'pem' }));

for (const name of ['rsa2048', 'p256']) {
  write(`${name}.cert.pem`, () =>
    execFileSync('openssl', ['req', '-x509', '-new', '-key', path.join(HERE, `${name}.pkcs8.pem`),
      '-subj', `/CN=rtc-token test ${name}`, '-days', '36500', '-set_serial', '1', '-sha256'], { encoding: 'utf8' }));
}
fs.writeFileSync(path.join(HERE, 'passphrase.txt'), `${PASSPHRASE}\n`);

// Key material that is never an HMAC secret (issue: algorithm confusion): key types and curves
// rtc-token cannot sign with, explicit curve parameters, RSA keys past the rsa crate's bounds.
pair('dsa2048', 'dsa', { modulusLength: 2048, divisorLength: 256 });
pair('dh-modp14', 'dh', { group: 'modp14' });
pair('p224', 'ec', { namedCurve: 'secp224r1' });
pair('p192', 'ec', { namedCurve: 'prime192v1' });
pair('sect163k1', 'ec', { namedCurve: 'sect163k1' });
pair('sm2', 'ec', { namedCurve: 'SM2' });
pair('x448', 'x448', {});
pair('ed448', 'ed448', {});
for (const name of ['dsa2048', 'dh-modp14', 'p224', 'p192', 'sect163k1', 'sm2', 'x448', 'ed448']) {
  write(`${name}.spki.pem`, () => crypto.createPublicKey(load(name)).export({ type: 'spki', format: 'pem' }));
}
// Explicit parameters: the same keys as p256/p384/p521 (and p224), written the way
// `openssl ec -param_enc explicit` writes them.
for (const name of ['p256', 'p384', 'p521', 'p224']) {
  const file = path.join(HERE, `${name}.pkcs8.pem`);
  const openssl = (...args) => execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  write(`${name}-explicit.sec1.pem`, () => openssl('ec', '-in', file, '-param_enc', 'explicit'));
  write(`${name}-explicit.pkcs8.pem`, () =>
    openssl('pkcs8', '-topk8', '-nocrypt', '-in', path.join(HERE, `${name}-explicit.sec1.pem`)));
  write(`${name}-explicit.spki.pem`, () => openssl('ec', '-in', file, '-param_enc', 'explicit', '-pubout'));
}
// OpenSSL's traditional DSA private key, and certificates of keys rtc-token cannot use.
write('dsa2048.traditional.pem', () =>
  execFileSync('openssl', ['pkey', '-in', path.join(HERE, 'dsa2048.pkcs8.pem'), '-traditional'], { encoding: 'utf8' }));
for (const name of ['dsa2048', 'p224']) {
  write(`${name}.cert.pem`, () =>
    execFileSync('openssl', ['req', '-x509', '-new', '-key', path.join(HERE, `${name}.pkcs8.pem`),
      '-subj', `/CN=rtc-token test ${name}`, '-days', '36500', '-set_serial', '1', '-sha256'], { encoding: 'utf8' }));
}
write('rsa2048.trusted-cert.pem', () =>
  execFileSync('openssl', ['x509', '-in', path.join(HERE, 'rsa2048.cert.pem'), '-trustout'], { encoding: 'utf8' }));

// RSA public keys that OpenSSL reads and the rsa crate's checked constructor refuses: the
// modulus of rsa2048 with public exponent 2^40 + 1, and a 16,800-bit odd modulus (past
// OpenSSL's 16,384-bit limit for signatures). Written as DER by hand: no keygen makes them.
function der(tag, content) {
  const length = content.length < 128 ? Buffer.from([content.length])
    : Buffer.from([0x80 | Math.ceil(content.length.toString(16).length / 2), ...Buffer.from(content.length.toString(16).padStart(Math.ceil(content.length.toString(16).length / 2) * 2, '0'), 'hex')]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
}
const integer = (bytes) => der(0x02, bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
function rsaSpki(n, e) {
  const algorithm = der(0x30, Buffer.from('06092a864886f70d0101010500', 'hex'));
  const key = der(0x30, Buffer.concat([integer(n), integer(e)]));
  const body = der(0x30, Buffer.concat([algorithm, der(0x03, Buffer.concat([Buffer.from([0]), key]))]));
  return `-----BEGIN PUBLIC KEY-----\n${body.toString('base64').match(/.{1,64}/g).join('\n')}\n-----END PUBLIC KEY-----\n`;
}
const modulus = Buffer.from(crypto.createPublicKey(rsa).export({ format: 'jwk' }).n, 'base64url');
write('rsa2048-e2pow40.spki.pem', () => rsaSpki(modulus, Buffer.from('010000000001', 'hex')));
write('rsa16800.spki.pem', () => {
  const n = crypto.randomBytes(2100);
  n[0] |= 0x80;
  n[n.length - 1] |= 1;
  return rsaSpki(n, Buffer.from('010001', 'hex'));
});
