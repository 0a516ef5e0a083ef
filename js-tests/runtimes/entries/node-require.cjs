// Node, CommonJS: the package loaded by require().
const api = require('rtc-token');

(async () => {
  const { conformance } = await import('./conformance.mjs');
  const { default: fixture } = await import('./fixture.data.mjs');
  console.log(JSON.stringify(await conformance(api, fixture)));
})();
