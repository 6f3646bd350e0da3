import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Module-boundary lint (STYLE.md §1): code outside a domain module imports it only through its
 * `index.ts`, and the platform layer never imports domain modules. Run by `npm run lint`.
 */
export interface Violation {
  file: string;
  line: number;
  specifier: string;
  rule: string;
}

const IMPORT_RE =
  /(?:^|\s)(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The module a path belongs to (`src/modules/<name>/…` → name), or null. */
function moduleOf(relPath: string): string | null {
  const parts = relPath.split(sep).join('/').split('/');
  return parts[0] === 'src' && parts[1] === 'modules' && parts[2] ? parts[2] : null;
}

/** Checks one file's source; `relPath` is relative to the repository root. */
export function checkSource(relPath: string, source: string): Violation[] {
  const out: Violation[] = [];
  const fromModule = moduleOf(relPath);
  const inPlatform = relPath.split(sep).join('/').startsWith('src/platform/');
  const lines = source.split('\n');
  lines.forEach((text, i) => {
    for (const m of text.matchAll(IMPORT_RE)) {
      const specifier = m[1] ?? m[2];
      if (!specifier?.startsWith('.')) continue;
      const target = relative('.', join(dirname(relPath), specifier))
        .split(sep)
        .join('/');
      const toModule = moduleOf(target);
      if (!toModule) continue;
      if (inPlatform) {
        out.push({
          file: relPath,
          line: i + 1,
          specifier,
          rule: 'the platform layer must not import domain modules',
        });
      } else if (toModule !== fromModule) {
        const rest = target.split('/').slice(3).join('/');
        if (rest !== 'index.js' && rest !== 'index.ts' && rest !== 'index') {
          out.push({
            file: relPath,
            line: i + 1,
            specifier,
            rule: `import module '${toModule}' through its index.ts only`,
          });
        }
      }
    }
  });
  return out;
}

function walk(dir: string, acc: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, acc);
    else if (/\.(ts|tsx)$/.test(name)) acc.push(path);
  }
  return acc;
}

export function checkTree(root: string): Violation[] {
  const files = ['src', 'test', 'bench', 'scripts'].flatMap((d) => {
    try {
      return walk(join(root, d));
    } catch {
      return [];
    }
  });
  return files.flatMap((f) => checkSource(relative(root, f), readFileSync(f, 'utf8')));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const violations = checkTree(root);
  for (const v of violations) console.error(`${v.file}:${v.line}: ${v.rule} (${v.specifier})`);
  if (violations.length > 0) process.exit(1);
  console.log('module boundaries: ok');
}
