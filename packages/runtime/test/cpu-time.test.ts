// CPU time of a process tree from /proc: what lets the health watch tell a starved runtime from
// a stuck one. Checked against a /proc laid out by the test and against this real process.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { treeCpuTicks } from '../src/cpu-time.js';

function fakeProc(tree: Record<number, { ticks: [number, number]; children: number[]; comm?: string }>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'oc-proc-'));
  for (const [pid, entry] of Object.entries(tree)) {
    mkdirSync(path.join(root, pid, 'task', pid), { recursive: true });
    const after = ['S', '1', ...Array.from({ length: 9 }, () => '0'), String(entry.ticks[0]), String(entry.ticks[1]), '0', '0'];
    writeFileSync(path.join(root, pid, 'stat'), `${pid} (${entry.comm ?? 'node'}) ${after.join(' ')}\n`);
    writeFileSync(path.join(root, pid, 'task', pid, 'children'), entry.children.map((child) => `${child} `).join(''));
  }
  return root;
}

describe('treeCpuTicks', () => {
  it('adds user and system time of the process and every descendant (a sandbox process with OpenCode below it)', () => {
    const root = fakeProc({
      10: { ticks: [1, 2], children: [11], comm: 'bwrap' },
      11: { ticks: [100, 20], children: [12, 13], comm: 'open code (x)' },
      12: { ticks: [5, 5], children: [] },
      13: { ticks: [0, 1], children: [] },
    });
    expect(treeCpuTicks(10, root)).toBe(3 + 120 + 10 + 1);
    expect(treeCpuTicks(12, root)).toBe(10);
  });

  it('is undefined for a process that is gone, and counts a vanished child as nothing', () => {
    const root = fakeProc({ 20: { ticks: [4, 4], children: [21] } });
    expect(treeCpuTicks(99, root)).toBeUndefined();
    expect(treeCpuTicks(20, root)).toBe(8);
  });

  it('grows for this process while it works', () => {
    const before = treeCpuTicks(process.pid);
    expect(before).toBeGreaterThanOrEqual(0);
    const started = process.cpuUsage();
    while (process.cpuUsage(started).user < 60_000) Math.sqrt(Math.random()); // ≥ 60 ms of CPU: several ticks
    expect(treeCpuTicks(process.pid)).toBeGreaterThan(before!);
  });
});
