// How a vector's key spec becomes the key argument a caller would pass, shared by the
// asymmetric vector generator and the tests that replay its vectors.
import crypto from 'node:crypto';

/**
 * The argument a key spec stands for. `text(ref)` gives the PEM/JWK text of a key fixture.
 * @param {object} spec
 * @param {(ref: string) => string} text
 */
export function keyValue(spec, text) {
  switch (spec.as) {
    case 'string': return text(spec.ref);
    case 'buffer': return Buffer.from(text(spec.ref));
    case 'private-keyobject': return crypto.createPrivateKey(text(spec.ref));
    case 'public-keyobject': return crypto.createPublicKey(text(spec.ref));
    case 'jwk': return JSON.parse(text(spec.ref));
    case 'secret': return spec.value;
    case 'spec': {
      const { keyRef, keyDer, keyJwk, ...rest } = spec.spec;
      const key = keyDer ? Buffer.from(keyDer, 'base64') : keyJwk ? JSON.parse(text(keyJwk)) : text(keyRef);
      return { key, ...rest };
    }
    default: return undefined;
  }
}
