import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

/**
 * `tsx bench/profile-top.ts FILE.cpuprofile [N]`: the functions a `node --cpu-prof` profile spent
 * most time in, by self time and by total (inclusive) time, as percentages of the samples.
 */
interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
}

const [file, count = '25'] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: tsx bench/profile-top.ts FILE.cpuprofile [N]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const hits = new Map<number, number>();
for (const sample of profile.samples) hits.set(sample, (hits.get(sample) ?? 0) + 1);

const label = (node: ProfileNode) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${relative(process.cwd(), url.replace(/^file:\/\//, ''))}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'} ${where}`.trim();
};
const self = new Map<string, number>();
const total = new Map<string, number>();
for (const [id, n] of hits) {
  const node = byId.get(id)!;
  self.set(label(node), (self.get(label(node)) ?? 0) + n);
  // Inclusive: every distinct function on the stack once.
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const name = label(byId.get(at)!);
    if (seen.has(name)) continue;
    seen.add(name);
    total.set(name, (total.get(name) ?? 0) + n);
  }
}
const samples = profile.samples.length;
const show = (title: string, map: Map<string, number>) => {
  process.stdout.write(`${title}\n`);
  for (const [name, n] of [...map].sort((a, b) => b[1] - a[1]).slice(0, Number(count))) {
    process.stdout.write(`${((n / samples) * 100).toFixed(1).padStart(6)}%  ${name}\n`);
  }
};
show('self time', self);
show('total time', new Map([...total].filter(([name]) => !/^\((root|program|idle|garbage collector)\)/.test(name))));
