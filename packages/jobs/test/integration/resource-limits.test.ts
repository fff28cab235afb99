// A session sandbox's memory, CPU and process limits, tried as an attacker would: a job whose
// shell floods the sandbox with processes is bounded by the process limit (forks fail inside,
// the host and this test carry on), a memory hog is killed by the sandbox's own memory limit
// while the session server keeps answering, and busy loops are throttled to the CPU share. The
// limits are reported with how they are enforced.
// Where this machine gives no writable cgroup hierarchy (an unprivileged CI container), the
// tests are skipped, saying so: the limits are then reported as not enforced.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startScriptedModel, type Conversation, type ScriptedModel } from '@open-cowork/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareSessionCgroup, removeSessionCgroup } from '../../src/cgroup.js';
import { cgroupName, oomKills } from '../../src/index.js';
import { startJobsHarness, until, type JobsHarness } from '../support/harness.js';

const PROBE = `open-cowork-jobs-probe-${process.pid}`;
const probe = prepareSessionCgroup(PROBE, { memoryBytes: 64 * 1024 * 1024, cpuCores: 1, maxProcesses: 64 });
await removeSessionCgroup(PROBE);
const ENFORCED = probe.enforcement !== 'none';
if (!ENFORCED) console.warn(`Session resource limits are not enforced here (${probe.reason ?? 'unknown'}); their tests are skipped.`);

const MAX_PROCESSES = 160;
const MEMORY = 1024 * 1024 * 1024;
/**
 * Starts long sleepers until a fork fails (dash gives up at once where bash would retry), then
 * kills them with shell builtins only (no fork is left to spare) and says how many there were.
 */
const FLOOD = `sh -c 'i=0; while [ $i -lt 1000 ]; do sleep 600 </dev/null >/dev/null 2>&1 & echo $! >> flood.pids; i=$((i+1)); done' 2>&1 | tail -n 1; n=0; while read p; do kill $p 2>/dev/null; n=$((n+1)); done < flood.pids; echo "sleepers=$n"; echo flood-over`;
/** Holds 3 GiB in one process (tail keeps the whole newline-free line), three times the sandbox's memory. */
const HOG = 'head -c 3221225472 /dev/zero | tail > /dev/null; echo "hog-exit=$?"';
/** Three busy loops for 3 s each: more than the sandbox's one core. */
const SPIN = `for i in 1 2 3; do timeout 3 sh -c 'while :; do :; done' & done; wait; echo spin-over`;

let model: ScriptedModel;
let h: JobsHarness | undefined;
const toolResults: string[] = [];
const afterTool = (answer: string) => (conversation: Conversation) => {
  toolResults.push(conversation.toolResults.map((result) => result.content).join('\n'));
  return { text: answer };
};

beforeAll(async () => {
  model = await startScriptedModel({
    rules: [
      { match: { lastUser: 'slowly' }, reply: { text: Array.from({ length: 60 }, (_, i) => `line${i}`).join(' '), paceMs: 150 } },
      { match: { lastUser: 'flood', hasToolResults: false }, reply: { toolCalls: [{ name: 'bash', arguments: { command: FLOOD, description: 'Start many processes' } }] } },
      { match: { lastUser: 'flood', hasToolResults: true }, reply: afterTool('The flood is over.') },
      { match: { lastUser: 'hog', hasToolResults: false }, reply: { toolCalls: [{ name: 'bash', arguments: { command: HOG, description: 'Use a lot of memory' } }] } },
      { match: { lastUser: 'hog', hasToolResults: true }, reply: afterTool('The hog is over.') },
      { match: { lastUser: 'spin', hasToolResults: false }, reply: { toolCalls: [{ name: 'bash', arguments: { command: SPIN, description: 'Keep the CPU busy' } }] } },
      { match: { lastUser: 'spin', hasToolResults: true }, reply: afterTool('The spin is over.') },
    ],
  });
});

afterAll(async () => {
  await h?.dispose();
  await model?.close();
});

describe.skipIf(!ENFORCED)(`session resource limits (${probe.enforcement})`, () => {
  it('bounds a process flood, kills a memory hog and throttles busy loops, inside the sandbox only', async () => {
    h = await startJobsHarness({ model, limits: { maxProcesses: MAX_PROCESSES, memoryBytes: MEMORY, cpuCores: 1 } });
    // A running job's status reports its sandbox's limits and how they are enforced.
    const LIMITS = { memoryBytes: MEMORY, cpuCores: 1, maxProcesses: MAX_PROCESSES, enforcement: probe.enforcement };
    const first = await h.manager.start({ prompt: 'report slowly', session_id: 'attacker' });
    let running = await h.manager.status({ job_id: first.jobId });
    await until(async () => (running = await h!.manager.status({ job_id: first.jobId })).outputSize > 0, 'the first output');
    expect(running).toMatchObject({ status: 'running', resourceLimits: LIMITS });
    await h.finished(first.jobId);

    const flood = await h.manager.start({ prompt: 'flood the sandbox', session_id: 'attacker' });
    expect(await h.finished(flood.jobId)).toMatchObject({ status: 'completed', exitReason: 'completed' });

    const [session] = await h.manager.sessions();
    expect(session?.resourceLimits).toEqual(LIMITS);
    // Forks failed inside: fewer sleepers than asked for, the limit was hit, and never passed.
    const sleepers = Number(/sleepers=(\d+)/.exec(toolResults[0] ?? '')?.[1]);
    expect(toolResults[0]).toContain('flood-over');
    expect(toolResults[0]).toMatch(/Cannot fork|Resource temporarily unavailable/);
    expect(sleepers).toBeLessThan(MAX_PROCESSES);
    expect(sleepers).toBeGreaterThan(0);
    const pidsDir = groupDir('pids', cgroupName(h.manager.tag, 'attacker'));
    expect(Number(/^max (\d+)$/m.exec(readFileSync(path.join(pidsDir, 'pids.events'), 'utf8'))?.[1])).toBeGreaterThan(0);
    if (probe.enforcement === 'cgroup-v1') expect(Number(readFileSync(path.join(pidsDir, 'pids.peak'), 'utf8'))).toBeLessThanOrEqual(MAX_PROCESSES);

    // The same session (its server survived the flood) runs the hog: the kernel kills it, not the server.
    expect(oomKills(cgroupName(h.manager.tag, 'attacker'))).toBe(0);
    const hog = await h.manager.start({ prompt: 'run the hog', session_id: 'attacker' });
    expect(await h.finished(hog.jobId)).toMatchObject({ status: 'completed', exitReason: 'completed' });
    expect(toolResults[1]).toContain('hog-exit=137');
    expect(oomKills(cgroupName(h.manager.tag, 'attacker'))).toBeGreaterThan(0);
    expect((await h.manager.sessions())[0]?.serverHealth).toBe('healthy');

    // Busy loops on more than one core are throttled to the sandbox's one core.
    const spin = await h.manager.start({ prompt: 'spin the CPU', session_id: 'attacker' });
    expect(await h.finished(spin.jobId)).toMatchObject({ status: 'completed', exitReason: 'completed' });
    expect(toolResults[2]).toContain('spin-over');
    const cpuStat = readFileSync(path.join(groupDir('cpu', cgroupName(h.manager.tag, 'attacker')), 'cpu.stat'), 'utf8');
    expect(Number(/^nr_throttled (\d+)$/m.exec(cpuStat)?.[1])).toBeGreaterThan(0);

    // Stopping the session removes its group with everything in it.
    await h.manager.cleanup({ idle_seconds: 0 });
    expect(() => readFileSync(path.join(pidsDir, 'pids.max'))).toThrow();
  });
});

/** The session's group folder for one controller (cgroup v1), or the unified one (v2). */
function groupDir(controller: string, name: string): string {
  const lines = readFileSync('/proc/self/cgroup', 'utf8').split('\n').map((line) => line.split(':'));
  const v1 = lines.find((parts) => parts[1]?.split(',').includes(controller));
  if (probe.enforcement === 'cgroup-v1' && v1) return path.join('/sys/fs/cgroup', controller, v1.slice(2).join(':'), name);
  return path.join('/sys/fs/cgroup', lines.find((parts) => parts[0] === '0')!.slice(2).join(':'), name);
}
