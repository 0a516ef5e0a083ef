// The token server under test, in a process of its own (so the load generator does not share
// its event loop): the embedded registry through the node:http adapter on 127.0.0.1, port 0.
// Its argument (JSON): { API_KEY, SECRET, handler?: more createHandler options, listen?: listen
// options (connection limits) }. It reports its port, then answers over the IPC channel
// 'memory' (after a full GC: heap, RSS, wasm memory), 'connections' (open now) and 'close'.
import { __wasmMemoryBytes } from 'rtc-token';
import { createHandler, listen } from 'rtc-token/server/node';

const { API_KEY, SECRET, handler = {}, listen: options = {} } = JSON.parse(process.argv[2]);
const running = await listen(createHandler({ apiKey: API_KEY, secret: SECRET, ...handler }), { ...options, port: 0, host: '127.0.0.1' });
process.send({ port: running.port });
process.on('message', async (message) => {
  if (message === 'memory') {
    globalThis.gc?.();
    const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
    process.send({ memory: { rss, heapUsed, external, arrayBuffers, wasm: __wasmMemoryBytes() } });
  } else if (message === 'connections') {
    running.server.getConnections((error, count) => process.send({ connections: error ? -1 : count }));
  } else if (message === 'close') {
    await running.close();
    process.exit(0);
  }
});
