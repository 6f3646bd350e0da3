import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/**
 * Where a `--cpu-prof` profile spent its time: self time per function and per file, plus the
 * inclusive time of the functions named on the command line (`name` or `name@file-substring`,
 * `*@file` for every function of a file). Usage:
 * `npx tsx bench/realtime/profile-summary.ts <file.cpuprofile> [top] [fn,fn…]`.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function summarize(profile: Profile, top = 25, inclusiveOf: string[] = []) {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const short = (url: string) =>
    url.replace(/^file:\/\/.*?\/(node_modules|src|bench)\//, '$1/') || '(native)';
  const label = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  const fns = new Map<string, number>();
  const files = new Map<string, number>();
  let total = 0;
  for (const [id, ms] of self) {
    const n = byId.get(id)!;
    total += ms;
    fns.set(label(n), (fns.get(label(n)) ?? 0) + ms);
    const file = short(n.callFrame.url) || n.callFrame.functionName;
    files.set(file, (files.get(file) ?? 0) + ms);
  }
  // Inclusive: a node's self time plus its subtree's, counted once per named function's outermost frame.
  const inclusive = new Map<string, number>();
  const matches = (n: ProfileNode, spec: string) => {
    const [fn, file] = spec.split('@') as [string, string | undefined];
    return (fn === '*' || n.callFrame.functionName === fn) && (!file || n.callFrame.url.includes(file));
  };
  const walk = (id: number, inside: Set<string>): number => {
    const n = byId.get(id)!;
    const name = inclusiveOf.find((spec) => matches(n, spec)) ?? '';
    const counted = name !== '' && !inside.has(name);
    const next = counted ? new Set([...inside, name]) : inside;
    let sum = self.get(id) ?? 0;
    for (const c of n.children ?? []) sum += walk(c, next);
    if (counted) inclusive.set(name, (inclusive.get(name) ?? 0) + sum);
    return sum;
  };
  walk(profile.nodes[0]!.id, new Set());
  const rank = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, ms]) => ({ ms: Math.round(ms), pct: Number(((100 * ms) / total).toFixed(1)), at: k }));
  return {
    total_ms: Math.round(total),
    self_by_function: rank(fns),
    self_by_file: rank(files),
    inclusive: Object.fromEntries([...inclusive].map(([k, ms]) => [k, Math.round(ms)])),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file, top, names] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top] [fn,fn…]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const summary = summarize(profile, Number(top ?? 25), names ? names.split(',') : []);
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}
