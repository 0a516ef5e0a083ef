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
