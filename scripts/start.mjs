// `npm start`: build the web app when it is missing or older than its sources, then run the
// platform in this process (TypeScript loaded through tsx), so signals reach the server directly
// for a graceful stop.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const builtIndex = join(root, 'dist', 'web', 'index.html');

function newestMtimeMs(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const stale = !existsSync(builtIndex) || newestMtimeMs(join(root, 'web')) > statSync(builtIndex).mtimeMs;
if (stale) {
  process.stderr.write('gpubroker: building the web app…\n');
  const build = spawnSync('npm', ['run', '--silent', 'build:web'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    process.stderr.write('gpubroker: the web app build failed; see the output above.\n');
    process.exit(1);
  }
}
const { register } = await import('tsx/esm/api');
register();
await import(join(root, 'src', 'main.ts'));
