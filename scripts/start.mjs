// The main job (`make start`): the token server on localhost, from the built package in pkg/ (make
// rebuilds it first only when its inputs changed: see the Makefile).
//
// Configuration comes from the environment (VIDEOSDK_API_KEY, VIDEOSDK_SECRET_KEY,
// VIDEOSDK_API_ENDPOINT, PORT, HOST, CORS_ORIGIN). With no keys set it starts in development
// mode with a key pair generated for this run, printed once. Ctrl-C stops it.
import { serveFromEnv } from '../pkg/server/node-http.mjs';

let running;
try {
  running = await serveFromEnv({ env: process.env });
} catch (error) {
  console.error(`rtc-token: ${error.message}`);
  process.exit(2);
}
console.log(`try:  curl ${running.url}/get-token, or open ${running.url}/ in a browser    (Ctrl-C stops the server)`);
const stop = () => running.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
