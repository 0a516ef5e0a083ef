// rtc-token/hmac's core: the HMAC-only wasm instance alone, called directly. The build places the
// package's one api.mjs in this directory too, so that its './core.mjs' is this file: the same API
// layer over the small core, where an asymmetric key ends in the documented error (src/error.rs,
// AsymmetricUnavailable) instead of a retry on the full core.
import * as glue from './rtc_token_bg.js';
import { regionCalls } from '../regions.mjs';

// The core's calls, crossing through its memory regions.
export const core = regionCalls(glue);

/** Diagnostic: the cores this entry has started. */
export function coresStarted() {
  return ['hmac'];
}
