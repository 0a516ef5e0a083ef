// The corpus's inputs only the `openssl` CLI makes: self-signed X.509 certificates (DSA, EC P-224,
// EC P-256 with explicit parameters, RSA, Ed25519), the same certificates as `TRUSTED CERTIFICATE`
// (`openssl x509 -trustout`), a traditional `DSA PRIVATE KEY`, and an X9.42 DH (DHX) key pair.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Which entry each certificate is made for (the key's own entry gets the certificate as inputs). */
const CERTIFIED = ['dsa 2048', 'ec secp224r1', 'ec prime256v1 explicit', 'rsa 2048', 'ed25519'];

/**
 * Adds the openssl-made inputs to `entries` (and pushes the DHX entry). Returns what it skipped,
 * with the reason (no `openssl` binary; an entry missing from a reduced corpus), for the test to
 * print: never silently.
 *
 * @param {object[]} entries the corpus so far
 * @param {{ entryOf: Function }} helpers corpus.mjs's entry builder
 */
export function addOpensslInputs(entries, { entryOf }) {
  const skipped = [];
  const openssl = (...args) => execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    openssl('version');
  } catch (error) {
    return [`every openssl-made input (certificates, TRUSTED CERTIFICATE, DSA PRIVATE KEY, DHX): no usable openssl (${error.code ?? error.message})`];
  }
  const dir = mkdtempSync(join(tmpdir(), 'rtc-token-key-material-'));
  const file = (name) => join(dir, name);
  try {
    CERTIFIED.forEach((name, i) => {
      const entry = entries.find((e) => e.name === name);
      if (!entry) return skipped.push(`certificate for ${name}: no such entry in this corpus`);
      writeFileSync(file(`${i}.key`), entry.privateKey.export({ type: 'pkcs8', format: 'pem' }));
      // Ed25519 signs without a separate digest (openssl refuses -sha256 for it).
      const digest = entry.type === 'ed25519' ? [] : ['-sha256'];
      openssl('req', '-x509', '-new', '-key', file(`${i}.key`), '-subj', `/CN=${name}`, '-days', '2', ...digest, '-out', file(`${i}.crt`));
      openssl('x509', '-in', file(`${i}.crt`), '-trustout', '-addtrust', 'serverAuth', '-out', file(`${i}.trusted`));
      for (const [container, path] of [['certificate', `${i}.crt`], ['trusted-certificate', `${i}.trusted`]]) {
        const text = readFileSync(file(path), 'utf8');
        entry.publicInputs.push({ form: 'pem-string', container, value: text }, { form: 'pem-buffer', container, value: Buffer.from(text) });
      }
    });

    const dsa = entries.find((e) => e.name === 'dsa 2048');
    if (!dsa) skipped.push('DSA PRIVATE KEY: no dsa 2048 entry in this corpus');
    else {
      writeFileSync(file('dsa.pkcs8'), dsa.privateKey.export({ type: 'pkcs8', format: 'pem' }));
      const text = openssl('pkey', '-in', file('dsa.pkcs8'), '-traditional');
      if (!text.startsWith('-----BEGIN DSA PRIVATE KEY-----')) throw new Error(`openssl pkey -traditional wrote ${text.split('\n')[0]}`);
      dsa.privateInputs.push({ form: 'pem-string', container: 'traditional', value: text }, { form: 'pem-buffer', container: 'traditional', value: Buffer.from(text) });
    }

    // RFC 5114's 2048-bit group with a 224-bit subgroup: node:crypto reads it, names no key type.
    openssl('genpkey', '-genparam', '-algorithm', 'DHX', '-pkeyopt', 'dh_rfc5114:2', '-out', file('dhx.params'));
    const privateText = openssl('genpkey', '-paramfile', file('dhx.params'));
    const privateKey = crypto.createPrivateKey(privateText);
    const entry = entryOf('dhx rfc5114-2 (openssl)', { publicKey: crypto.createPublicKey(privateKey), privateKey }, { family: 'dhx', representative: true });
    // openssl's own text too, in case it differs from node:crypto's export.
    const exported = privateKey.export({ type: 'pkcs8', format: 'pem' });
    if (privateText !== exported) entry.privateInputs.push({ form: 'pem-string', container: 'openssl genpkey', value: privateText });
    entries.push(entry);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return skipped;
}
