// Node, CommonJS: the key-material body (js-tests/keys/body.mjs) over require('rtc-token').
const api = require('rtc-token');

(async () => {
  const { runKeyMaterial } = await import('./body.mjs');
  const { default: fixture } = await import('./key-material.data.mjs');
  console.log(JSON.stringify(runKeyMaterial(api, fixture)));
})();
