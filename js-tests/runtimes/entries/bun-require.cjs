// Bun, CommonJS: require() in a .cjs file.
const api = require('rtc-token');

(async () => {
  const { conformance } = await import('./conformance.mjs');
  const { default: fixture } = await import('./fixture.data.mjs');
  console.log(JSON.stringify(await conformance(api, fixture)));
})();
