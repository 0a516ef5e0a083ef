// The key-material corpus of the differential test (issue 17, item 4): every key node:crypto and
// the `openssl` CLI can make, generated at test time, each in every container a caller can hand
// to jsonwebtoken (PEM string and bytes, DER specs, KeyObjects, JWKs, encrypted PKCS#8,
// certificates). jsonwebtoken 9 classifies a key with createPublicKey/createPrivateKey, so each of
// these is an asymmetric key to it and never an HMAC secret; rtc-token must agree.
//
// An entry: `{ name, type, family, representative, publicPem, publicKey, privateKey, publicInputs,
// privateInputs }`; an input: `{ form, container, value }`, form one of FORMS.
import crypto from 'node:crypto';
import { pem, randomModulus, rsaPublicDer } from './der.mjs';
import { addOpensslInputs } from './openssl.mjs';

/** How a key reaches the API. `jwk-bare` is rtc-token's documented extra (README: bare JWKs). */
export const FORMS = ['pem-string', 'pem-buffer', 'der-spec', 'keyobject', 'jwk', 'jwk-bare', 'encrypted-pkcs8'];

/** The passphrase of the encrypted PKCS#8 inputs. */
export const PASSPHRASE = 'key-material differential';

/**
 * The curves that get an entry with explicit parameters too (the named one is made for every
 * curve): jsonwebtoken's three, the other curves the issue names, a brainpool and binary curves,
 * and the two whose named form OpenSSL refuses or reads as its own key type.
 */
export const EXPLICIT_CURVES = [
  'prime256v1', 'secp384r1', 'secp521r1', 'secp256k1', 'prime192v1', 'secp224r1',
  'brainpoolP256r1', 'sect163k1', 'c2pnb163v1', 'SM2', 'Oakley-EC2N-3',
];

/** jsonwebtoken's curves (validateAsymmetricKey: ES256 prime256v1, ES384 secp384r1, ES512 secp521r1). */
const JSONWEBTOKEN_CURVES = new Set(['prime256v1', 'secp384r1', 'secp521r1']);

/** Named-curve entries also in the representative set (the runtimes' fixture, encrypted PKCS#8). */
const REPRESENTATIVE_CURVES = new Set(['prime256v1', 'secp384r1', 'secp521r1', 'secp256k1', 'prime192v1', 'secp224r1', 'sect163k1', 'brainpoolP256r1', 'SM2']);

/**
 * Builds the corpus. Returns `{ entries, skipped }`: `skipped` lists, with the reason, what
 * could not be made here (a curve generateKeyPairSync refuses, the openssl-made inputs without
 * an `openssl` binary); the test prints it.
 *
 * @param {{ curves?: string[] }} [options] the curves for EC entries (default: crypto.getCurves())
 */
export function buildCorpus({ curves = crypto.getCurves() } = {}) {
  const entries = [];
  const skipped = [];
  const add = (name, pair, options) => entries.push(entryOf(name, pair, options));

  add('rsa 2048', generate('rsa', { modulusLength: 2048 }), { representative: true });
  add('rsa 1024', generate('rsa', { modulusLength: 1024 }), { representative: true });
  add('rsa-pss 2048', generate('rsa-pss', { modulusLength: 2048 }), { representative: true });
  const pss = (hashAlgorithm, saltLength) => generate('rsa-pss', { modulusLength: 2048, hashAlgorithm, mgf1HashAlgorithm: hashAlgorithm, saltLength });
  add('rsa-pss 2048 sha256 mgf1 sha256 salt 32', pss('sha256', 32), { representative: true });
  add('rsa-pss 2048 sha512 mgf1 sha512 salt 64', pss('sha512', 64), { representative: true });
  // jsonwebtoken: a salt longer than the digest does not meet PS256's requirements.
  add('rsa-pss 2048 sha256 mgf1 sha256 salt 48', pss('sha256', 48), {});
  add('dsa 2048', generate('dsa', { modulusLength: 2048, divisorLength: 256 }), { representative: true });
  add('dh modp14', generate('dh', { group: 'modp14' }), { representative: true });
  const modp2 = crypto.getDiffieHellman('modp2');
  add('dh prime/generator', generate('dh', { prime: modp2.getPrime(), generator: 2 }), { representative: true });
  for (const type of ['ed25519', 'ed448', 'x25519', 'x448']) add(type, generate(type), { representative: true });

  for (const curve of curves) {
    for (const paramEncoding of EXPLICIT_CURVES.includes(curve) ? ['named', 'explicit'] : ['named']) {
      const name = `ec ${curve}${paramEncoding === 'explicit' ? ' explicit' : ''}`;
      try {
        const pair = generate('ec', { namedCurve: curve, paramEncoding });
        const family = `ec ${JSONWEBTOKEN_CURVES.has(curve) ? 'P-256/P-384/P-521' : 'other curve'} ${paramEncoding}`;
        add(name, pair, { family, representative: paramEncoding === 'explicit' || REPRESENTATIVE_CURVES.has(curve) });
      } catch (error) {
        // OpenSSL makes some curves' keys but writes them in no container (no OID for the name).
        skipped.push(`${name}: node:crypto cannot make or export it (${error.code ?? error.message})`);
      }
    }
  }

  // RSA public keys keygen cannot make in test time: OpenSSL reads them (createPublicKey), so
  // to jsonwebtoken they are RSA keys. n is random and odd: a public key need not be a semiprime.
  for (const [name, bits, e] of [
    ['rsa 16800-bit modulus (synthesized public key)', 16800, 65537n],
    ['rsa e = 2^33+1 (synthesized public key)', 2048, 2n ** 33n + 1n],
    ['rsa e = 2^40+1 (synthesized public key)', 2048, 2n ** 40n + 1n],
  ]) {
    const { spki, pkcs1 } = rsaPublicDer(randomModulus(bits), e);
    const publicKey = crypto.createPublicKey({ key: spki, format: 'der', type: 'spki' });
    const entry = entryOf(name, { publicKey }, { family: 'rsa synthesized public key', representative: true });
    // Our DER, not only node:crypto's re-encoding of it (the two should be the same bytes).
    if (!publicKey.export({ type: 'pkcs1', format: 'der' }).equals(pkcs1)) {
      entry.publicInputs.push({ form: 'pem-string', container: 'pkcs1 as written', value: pem('RSA PUBLIC KEY', pkcs1) });
    }
    entries.push(entry);
  }

  skipped.push(...addOpensslInputs(entries, { entryOf }));
  return { entries, skipped };
}

/**
 * A new key pair as KeyObjects read back from the DER keygen wrote (and, for EC, its SEC1 DER).
 * Never the KeyObjects generateKeyPairSync returns: in Node 20, a failing export of one (a JWK of
 * a curve JWK has no name for) can deadlock against the key-generation job's destructor when a
 * garbage collection runs it mid-export. Read back, an SM2 key is OpenSSL's own key type, which
 * node:crypto can no longer write as SEC1 (it aborts): hence SEC1 from keygen.
 */
function generate(type, options = {}) {
  const privateType = type === 'ec' ? 'sec1' : 'pkcs8';
  const pair = crypto.generateKeyPairSync(type, {
    ...options,
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: privateType, format: 'der' },
  });
  return {
    publicKey: crypto.createPublicKey({ key: pair.publicKey, format: 'der', type: 'spki' }),
    privateKey: crypto.createPrivateKey({ key: pair.privateKey, format: 'der', type: privateType }),
    sec1: type === 'ec' ? pair.privateKey : undefined,
  };
}

/**
 * An entry for a key pair (or a public key alone): every container node:crypto writes for it.
 * @param {string} name
 * @param {{ publicKey: crypto.KeyObject, privateKey?: crypto.KeyObject, sec1?: Buffer }} pair (an EC pair: its SEC1 DER, see generate())
 * @param {{ representative?: boolean, family?: string }} options the family groups the report (default: the key type)
 */
export function entryOf(name, { publicKey, privateKey, sec1 }, { representative = false, family } = {}) {
  const type = publicKey.asymmetricKeyType ?? 'unnamed by node:crypto';
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' });
  const entry = { name, type, family: family ?? type, representative, publicPem, publicKey, privateKey, publicInputs: [], privateInputs: [] };
  entry.publicInputs.push(...containers(publicKey, ['spki', type === 'rsa' && 'pkcs1'].filter(Boolean)));
  entry.publicInputs.push(...jwkInputs(publicKey));
  if (privateKey) {
    entry.privateInputs.push(...containers(privateKey, ['pkcs8', type === 'rsa' && 'pkcs1'].filter(Boolean)));
    if (sec1) {
      entry.privateInputs.push(
        { form: 'pem-string', container: 'sec1', value: pem('EC PRIVATE KEY', sec1) },
        { form: 'der-spec', container: 'sec1', value: { key: sec1, format: 'der', type: 'sec1' } },
      );
    }
    entry.privateInputs.push(...jwkInputs(privateKey));
    // The passphrase makes every read cost a PBKDF2: only the representative entries get one.
    if (representative) {
      const key = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-128-cbc', passphrase: PASSPHRASE });
      entry.privateInputs.push({ form: 'encrypted-pkcs8', container: 'pkcs8', value: { key, passphrase: PASSPHRASE } });
    }
  }
  return entry;
}

/** PEM (string and bytes) and DER of each container, then the KeyObject itself. */
function containers(key, types) {
  const inputs = [];
  for (const type of types) {
    const text = key.export({ type, format: 'pem' });
    const der = key.export({ type, format: 'der' });
    inputs.push({ form: 'pem-string', container: type, value: text });
    // Only the first container's bytes: PEM bytes read as PEM text does (the string form is per container).
    if (type === types[0]) inputs.push({ form: 'pem-buffer', container: type, value: Buffer.from(text) });
    inputs.push({ form: 'der-spec', container: type, value: { key: der, format: 'der', type } });
  }
  inputs.push({ form: 'keyobject', container: key.type, value: key });
  return inputs;
}

/** The curves node:crypto names in a JWK (P-256, P-384, P-521, secp256k1). */
const JWK_CURVES = new Set(['prime256v1', 'secp384r1', 'secp521r1', 'secp256k1']);

/** `{ key: jwk, format: 'jwk' }` and the bare JWK, where node:crypto exports one (asked only then: see generate()). */
function jwkInputs(key) {
  const type = key.asymmetricKeyType;
  const exportable = ['rsa', 'ed25519', 'ed448', 'x25519', 'x448'].includes(type) || (type === 'ec' && JWK_CURVES.has(key.asymmetricKeyDetails.namedCurve));
  if (!exportable) return [];
  const jwk = key.export({ format: 'jwk' });
  return [
    { form: 'jwk', container: `jwk ${key.type}`, value: { key: jwk, format: 'jwk' } },
    { form: 'jwk-bare', container: `jwk ${key.type}`, value: jwk },
  ];
}

/** `pem-string/spki`: how an input is named in reports. */
export const inputLabel = (input) => `${input.form}/${input.container}`;
