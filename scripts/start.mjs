// `npm start`: build the web app once if it is missing, then run the platform in this process
// (TypeScript loaded through tsx), so signals reach the server directly for a graceful stop.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'dist', 'web', 'index.html'))) {
  process.stderr.write('gpubroker: building the web app (first start)…\n');
  const build = spawnSync('npm', ['run', '--silent', 'build:web'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    process.stderr.write('gpubroker: the web app build failed; see the output above.\n');
    process.exit(1);
  }
}
const { register } = await import('tsx/esm/api');
register();
await import(join(root, 'src', 'main.ts'));
