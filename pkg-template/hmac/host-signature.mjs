// node:crypto signatures: the package's one module (rtc-token/hmac never reaches a signature it
// could delegate, but api.mjs asks).
export * from '../host-signature.mjs';
