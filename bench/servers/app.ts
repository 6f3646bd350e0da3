import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApplication } from '../../src/app/app.js';
import { loadConfig } from '../../src/platform/config/config.js';

// The whole platform as `npm start` runs it (embedded adapters), on a throw-away data dir.
const config = loadConfig({
  LOG_LEVEL: 'warn',
  PORT: '0',
  GPUBROKER_DATA_DIR: mkdtempSync(join(tmpdir(), 'gpb-bench-')),
});
// The login figure logs one account in over and over from one address: lift the login limits
// (what they cost — two cache increments — is still paid on every request).
const application = await createApplication(
  config,
  {},
  {
    moduleOptions: {
      identity: {
        loginLimits: {
          perIp: Number.MAX_SAFE_INTEGER,
          perAccount: Number.MAX_SAFE_INTEGER,
          windowMs: 60_000,
        },
      },
    },
  },
);
await application.app.listen({ port: 0, host: '127.0.0.1' });
const address = application.app.server.address();
process.stdout.write(
  `${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`,
);
process.on('SIGTERM', () => application.close().then(() => process.exit(0)));
