import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApplication } from '../../src/app/app.js';
import { loadConfig } from '../../src/platform/config/config.js';
import { BENCH_CHANNEL, benchPriceEvent, memory, onCommands, reply, wallNow } from '../realtime/common.js';

// The whole platform as `npm start` runs it (embedded adapters, throw-away data dir) with its
// realtime gateway on /api/v2/ws; the bench drives it over stdin (never a product route):
// `publish <n>` → {"published":n,"stamp":…}; `mem` → {"mem":{rss,heap_used}}.
// Provider syncs are off: their price events would interleave with the bench's on the channel.
const config = loadConfig({
  LOG_LEVEL: 'warn',
  PORT: '0',
  GPUBROKER_DATA_DIR: mkdtempSync(join(tmpdir(), 'gpb-bench-rt-')),
});
const application = await createApplication(
  config,
  {},
  {
    moduleOptions: { catalog: { autoSync: false } },
  },
);

const { publisher } = application.modules.realtime;

await application.app.listen({ port: 0, host: '127.0.0.1' });
const address = application.app.server.address();
reply({ port: typeof address === 'object' && address ? address.port : 0 });

onCommands(async (command, arg) => {
  switch (command) {
    case 'publish': {
      const n = Number(arg);
      const stamp = wallNow();
      await publisher.publish(BENCH_CHANNEL, benchPriceEvent(n, stamp));
      return { published: n, stamp };
    }
    case 'mem':
      return { mem: memory() };
    default:
      return { error: `unknown command ${command}` };
  }
});
process.on('SIGTERM', () => application.close().then(() => process.exit(0)));
