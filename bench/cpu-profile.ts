/** Reads a V8 .cpuprofile (as written by node --cpu-prof) into top-frame tables. */
const REPOSITORY = new URL('..', import.meta.url).href;

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly children?: readonly number[];
}

export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Where a frame's code lives: a package, a file of ours, a Node internal, or a V8 pseudo-frame. */
function locationOf(url: string): string {
  if (url === '') return '(native/V8)';
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch) return packageMatch[1] ?? url;
  if (url.startsWith('node:')) return url;
  return url.startsWith(REPOSITORY) ? url.slice(REPOSITORY.length) : url;
}

function top(totals: Map<string, number>, all: number, count: number): string[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, micros]) => `${((micros / all) * 100).toFixed(1).padStart(5)}%  ${name}`);
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${functionName || '(anonymous)'}  ${locationOf(url)}${lineNumber > 0 ? `:${lineNumber + 1}` : ''}`;
}

function add(totals: Map<string, number>, key: string, micros: number): void {
  totals.set(key, (totals.get(key) ?? 0) + micros);
}

/**
 * Self time by frame and by file, and inclusive time of our own (src/) functions. Inclusive time
 * covers the synchronous stack only: after an await, V8 resumes a function without its caller.
 */
export function summarizeProfile(profile: CpuProfile, requests: number, count = 20): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, ProfileNode>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node);
  const byFrame = new Map<string, number>();
  const byLocation = new Map<string, number>();
  const inclusiveOurs = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const micros = profile.timeDeltas[i] ?? 0;
    if (!node || node.callFrame.functionName === '(idle)') return;
    all += micros;
    add(byFrame, frameName(node), micros);
    add(byLocation, locationOf(node.callFrame.url), micros);
    const seen = new Set<string>();
    for (let at: ProfileNode | undefined = node; at; at = parentOf.get(at.id)) {
      if (!locationOf(at.callFrame.url).startsWith('src/')) continue;
      const name = frameName(at);
      if (!seen.has(name)) add(inclusiveOurs, name, micros);
      seen.add(name);
    }
  });
  return [
    `busy (non-idle) CPU: ${(all / 1e6).toFixed(2)} s, ${(all / requests).toFixed(1)} µs per request (start-up included)`,
    '',
    'top self-time frames:',
    ...top(byFrame, all, count),
    '',
    'self time by file or package:',
    ...top(byLocation, all, count),
    '',
    'inclusive time of our functions (synchronous part):',
    ...top(inclusiveOurs, all, count),
  ].join('\n');
}
