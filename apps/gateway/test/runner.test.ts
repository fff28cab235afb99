// `open-cowork runner` for real: a gateway process (PostgreSQL or the embedded store), runner
// processes with their own hosts running the real OpenCode runtime against the scripted model,
// and the crashes the seed's peer got wrong — a gateway killed with SIGKILL and restarted while a
// runner holds a task (answered once, attempt 1), a runner frozen past its lease (requeued,
// answered by the other runner, the frozen one's work not taken), a runner killed with SIGKILL
// mid-task (requeued and answered once), two runners never running one task, a session key's
// tasks run in order in one continued session, permission requests under --approve, and command
// tasks in the sandbox under --allow-commands, and a chat bound to the runner's workspace answered
// by the runner (`open-cowork-gateway bind`).
import { startScriptedModel, type LoggedRequest, type ScriptedModel } from '@open-cowork/testing';
import type { TaskView } from '@open-cowork/contracts';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGatewayCli } from '../src/cli/main.js';
import { openPostgres } from '../src/store/postgres.js';
import { sendSignedMessage } from '../src/webhook/client.js';
import { startDeliveryPeer, type DeliveryPeer } from '../src/webhook/peer.js';
import { gatewayEnv, killLeftoverRuntimes, spawnGateway, tempDir, token, waitFor, writeRuntimeConfig, type GatewayProcess } from './support/harness.js';
import { freePort } from './support/postgres-cluster.js';
import { spawnRunner, stopRunner, type RunnerProcess } from './support/runner-process.js';
import { ENGINES, newPostgresDatabase, type EngineName } from './support/stores.js';
import { call } from './support/task-gateway.js';

const WEBHOOK_SECRET = token();
const SLOW_WORDS = Array.from({ length: 24 }, (_, i) => `word${i + 1}`).join(' ');

let model: ScriptedModel;
beforeAll(async () => {
  model = await startScriptedModel({
    rules: [
      { name: 'slow', match: { lastUser: /^slow / }, reply: { text: `Slowly: ${SLOW_WORDS}`, paceMs: 350 } },
      { name: 'tool result', match: { hasToolResults: true }, reply: (c) => ({ text: `The command printed: ${c.toolResults.map((r) => r.content).join(' ').trim()}` }) },
      { name: 'bash', match: { lastUser: 'run a command' }, reply: { toolCalls: [{ name: 'bash', arguments: { command: 'echo FROM_RUNNER_BASH', description: 'Print a marker' } }] } },
      { name: 'echo', match: {}, reply: (c) => ({ text: `Answer to ${c.lastUserText} (turn ${c.messages.filter((m) => m.role === 'user').length})` }) },
    ],
  });
});
afterAll(async () => {
  await model?.close();
});

/** Chat requests (not title requests) whose last user message is `text`. */
const asked = (text: string): LoggedRequest[] => model.requests.filter((r) => !r.isTitleRequest && r.lastUserText === text && r.toolResults.length === 0);

async function cliJson<T>(env: Record<string, string>, argv: string[]): Promise<T> {
  let stdout = '';
  let stderr = '';
  const code = await runGatewayCli([...argv, '--json'], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env, cwd: '/' });
  if (code !== 0) throw new Error(`${argv.join(' ')} failed (${code}): ${stderr}`);
  return JSON.parse(stdout) as T;
}

interface Setup {
  readonly dir: ReturnType<typeof tempDir>;
  readonly peer: DeliveryPeer;
  readonly env: Record<string, string>;
  readonly url: string;
  readonly submitter: string;
  readonly runnerTokens: readonly string[];
  readonly gateways: GatewayProcess[];
  readonly runners: RunnerProcess[];
}

/** Credentials by the CLI (before serve: the embedded store has one owner at a time), then serve. */
async function setUp(engine: EngineName): Promise<Setup> {
  const dir = tempDir(`gateway-runner-${engine}-`);
  writeRuntimeConfig(`${dir.path}/gateway`, model.url);
  const port = await freePort();
  const peer = await startDeliveryPeer(WEBHOOK_SECRET);
  const env = gatewayEnv({
    ...(engine === 'postgres' ? { DATABASE_URL: await newPostgresDatabase() } : { STORE: 'embedded' }),
    DATA_DIR: `${dir.path}/gateway`,
    PORT: String(port),
    ADMIN_TOKEN: token(),
    // Long enough to outlast a gateway restart on a loaded machine; short enough to wait out.
    TASK_LEASE_SECONDS: '15',
    JOB_LEASE_SECONDS: '4',
    LEADER_LEASE_SECONDS: '4',
    WEBHOOK_SHARED_SECRET: WEBHOOK_SECRET,
    WEBHOOK_DELIVERY_URL: peer.url,
  });
  const submitter = (await cliJson<{ token: string }>(env, ['submitter', 'add', 'ci'])).token;
  const runnerTokens = [
    (await cliJson<{ token: string; runner: { workspaces: string[] } }>(env, ['runner', 'add', 'mac', '--workspace', 'repo'])).token,
    (await cliJson<{ token: string }>(env, ['runner', 'add', 'mini', '--workspace', 'repo'])).token,
  ];
  const gateway = spawnGateway(env);
  return { dir, peer, env, url: await gateway.url, submitter, runnerTokens, gateways: [gateway], runners: [] };
}

async function tearDown(setup: Setup | undefined): Promise<void> {
  if (setup === undefined) return;
  for (const runner of setup.runners) await stopRunner(runner);
  for (const gateway of setup.gateways) await gateway.kill('SIGKILL');
  killLeftoverRuntimes(`${setup.dir.path}/gateway`);
  await setup.peer.close();
  setup.dir.remove();
}

function startRunner(setup: Setup, name: string, tokenIndex: number, args: readonly string[] = []): RunnerProcess {
  const runner = spawnRunner({ dir: `${setup.dir.path}/${name}`, modelUrl: model.url, gatewayUrl: setup.url, token: setup.runnerTokens[tokenIndex]!, workspaces: { repo: `${setup.dir.path}/repo` }, args });
  setup.runners.push(runner);
  return runner;
}

const ready = (runner: RunnerProcess): Promise<unknown> => runner.waitForEvent('the runner to be ready', (e) => e.type === 'runner.started');

async function submit(setup: Setup, body: Record<string, unknown>): Promise<string> {
  const answer = await call<{ taskId: string }>(setup.url, 'POST', '/tasks', setup.submitter, { kind: 'prompt', workspace: 'repo', ...body });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.taskId;
}

const view = async (setup: Setup, id: string, wait = 0): Promise<TaskView> => (await call<TaskView>(setup.url, 'GET', `/tasks/${id}?wait=${wait}`, setup.submitter)).body;

async function finished(setup: Setup, id: string, timeoutMs = 240_000): Promise<TaskView> {
  return waitFor(`task ${id} to finish`, async () => {
    const task = await view(setup, id, 20).catch(() => undefined);
    return task !== undefined && ['completed', 'failed', 'dead', 'cancelled'].includes(task.status) ? task : undefined;
  }, timeoutMs, 100);
}

const types = (task: TaskView): string[] => task.events.map((event) => event.type);

describe.each(ENGINES)('a runner on %s', (engine) => {
  let setup: Setup | undefined;
  let first: RunnerProcess;
  beforeAll(async () => {
    setup = await setUp(engine);
    first = startRunner(setup, 'runner-1', 0);
    await ready(first);
  });
  afterAll(async () => {
    await tearDown(setup);
  });

  it('answers a submitted prompt task with the real runtime, reporting progress on the way', async () => {
    const id = await submit(setup!, { prompt: `hello runner on ${engine}` });
    const task = await finished(setup!, id);
    expect(task).toMatchObject({ status: 'completed', attempts: 1, runner: 'mac', result: { text: `Answer to hello runner on ${engine} (turn 1)` } });
    expect(types(task)).toEqual(expect.arrayContaining(['task.created', 'task.claimed', 'task.started', 'task.progress', 'task.completed']));
    const text = task.events.filter((e) => e.type === 'task.progress' && e.data['kind'] === 'text').map((e) => String(e.data['text'])).join('');
    expect(text).toBe(`Answer to hello runner on ${engine} (turn 1)`);
    expect(asked(`hello runner on ${engine}`)).toHaveLength(1);
  });

  it('a gateway killed with SIGKILL and restarted while the runner holds a task: answered once, in attempt 1', async () => {
    const s = setup!;
    const prompt = `slow through a restart on ${engine}`;
    const id = await submit(s, { prompt });
    await waitFor('the model to start answering', () => (asked(prompt).length > 0 ? true : undefined), 120_000);
    expect(await s.gateways[0]!.kill('SIGKILL')).toBe('SIGKILL');
    const again = spawnGateway(s.env);
    s.gateways.push(again);
    await again.url;
    const task = await finished(s, id);
    expect(task).toMatchObject({ status: 'completed', attempts: 1, runner: 'mac', result: { text: `Slowly: ${SLOW_WORDS}` } });
    expect(types(task).filter((t) => t === 'task.claimed')).toHaveLength(1);
    expect(types(task)).not.toContain('task.requeued');
    expect(asked(prompt)).toHaveLength(1);
    // The runner went through the outage: it kept working, then reported again, losing no progress.
    expect(first.stderr()).toMatch(new RegExp(`task ${id}: the gateway at \\S+ is unreachable .*still working, retrying while the lease lasts`));
    expect(first.stderr()).toContain(`task ${id}: the gateway is back; reporting again`);
    const text = task.events.filter((e) => e.type === 'task.progress' && e.data['kind'] === 'text').map((e) => String(e.data['text'])).join('');
    expect(text).toBe(`Slowly: ${SLOW_WORDS}`);
  });

  if (engine !== 'postgres') return;

  it('a runner frozen past its lease: the task is requeued and answered by the other runner; the frozen one\'s work is not taken', async () => {
    const s = setup!;
    const id = await submit(s, { prompt: 'slow while frozen' });
    await waitFor('the first runner to claim it', () => first.events.find((e) => e.type === 'task.claimed' && e.taskId === id), 60_000);
    first.child.kill('SIGSTOP');
    try {
      const second = startRunner(s, 'runner-2', 1);
      await ready(second);
      const task = await finished(s, id);
      expect(task).toMatchObject({ status: 'completed', attempts: 2, runner: 'mini', result: { text: `Slowly: ${SLOW_WORDS}` } });
      expect(types(task)).toContain('task.requeued');
    } finally {
      first.child.kill('SIGCONT');
    }
    // Thawed, the first runner learns that its lease is gone and reports nothing.
    const outcome = await first.waitForEvent('the first runner to give the task up', (e) => (e.type === 'task.interrupted' || e.type === 'task.finished') && e.taskId === id, 120_000);
    if (outcome.type === 'task.finished') expect(outcome['reported']).not.toBe('reported');
    const task = await view(s, id);
    expect(types(task).filter((t) => t === 'task.completed')).toHaveLength(1);
    expect(task.result).toEqual({ text: `Slowly: ${SLOW_WORDS}` });
    expect(task.runner).toBe('mini');
  });

  it('a runner killed with SIGKILL mid-task: the lease expires and the other runner answers it once', async () => {
    const s = setup!;
    const second = s.runners[1]!;
    // Only the second runner polls now: stop the first cleanly (its hold-nothing stop releases nothing).
    expect(await first.kill('SIGTERM')).toBe(0);
    const id = await submit(s, { prompt: 'slow until killed' });
    await waitFor('the second runner to claim it', () => second.events.find((e) => e.type === 'task.claimed' && e.taskId === id), 60_000);
    await waitFor('the model to start answering', () => (asked('slow until killed').length > 0 ? true : undefined), 120_000);
    expect(await second.kill('SIGKILL')).toBe('SIGKILL');
    killLeftoverRuntimes(second.dataDir);
    const third = startRunner(s, 'runner-3', 0);
    await ready(third);
    const task = await finished(s, id);
    expect(task).toMatchObject({ status: 'completed', attempts: 2, runner: 'mac', result: { text: `Slowly: ${SLOW_WORDS}` } });
    expect(types(task).filter((t) => t === 'task.completed')).toHaveLength(1);
    expect(task.events.find((e) => e.type === 'task.requeued')?.data).toMatchObject({ attempt: 1, reason: 'lease_expired' });
  });

  it('two runners never run one task; a session key\'s tasks run in order, continuing one session', async () => {
    const s = setup!;
    const other = startRunner(s, 'runner-4', 1, ['--concurrency', '2']);
    await ready(other);
    const ids: string[] = [];
    for (let i = 1; i <= 6; i += 1) ids.push(await submit(s, { prompt: `parallel ${i}` }));
    const ordered: string[] = [];
    for (let i = 1; i <= 3; i += 1) ordered.push(await submit(s, { prompt: `note ${i}`, sessionKey: 'thread-7' }));
    const tasks = await Promise.all([...ids, ...ordered].map((id) => finished(s, id)));
    for (const task of tasks) {
      expect(task.status).toBe('completed');
      expect(task.attempts).toBe(1);
      expect(types(task).filter((t) => t === 'task.claimed')).toHaveLength(1);
    }
    for (let i = 1; i <= 6; i += 1) expect(asked(`parallel ${i}`)).toHaveLength(1);
    // In order: each note started after the one before it finished, and the session went on.
    const notes = tasks.slice(6);
    for (let i = 1; i < notes.length; i += 1) {
      const claimedAt = notes[i]!.events.find((e) => e.type === 'task.claimed')!.at;
      expect(Date.parse(claimedAt)).toBeGreaterThanOrEqual(Date.parse(notes[i - 1]!.finishedAt!));
    }
    expect(notes.map((task) => task.result?.text)).toEqual(['Answer to note 1 (turn 1)', 'Answer to note 2 (turn 2)', 'Answer to note 3 (turn 3)']);
    expect(asked('note 3')[0]!.messages.filter((m) => m.role === 'user').map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content)))).toEqual(
      expect.arrayContaining([expect.stringContaining('note 1'), expect.stringContaining('note 2'), expect.stringContaining('note 3')]),
    );
  });

  it('permission requests are reported and answered as --approve says', async () => {
    const s = setup!;
    for (const runner of s.runners) await stopRunner(runner);
    const allowing = startRunner(s, 'runner-5', 0, ['--approve', 'allow']);
    await ready(allowing);
    const id = await submit(s, { prompt: 'run a command' });
    const task = await finished(s, id);
    expect(task.status).toBe('completed');
    expect(task.result?.text).toContain('The command printed: FROM_RUNNER_BASH');
    const progress = task.events.filter((e) => e.type === 'task.progress').map((e) => e.data);
    expect(progress).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'permission', permission: 'bash', decision: 'allowed once' }), expect.objectContaining({ kind: 'tool', tool: 'bash', status: 'completed' })]));
    await stopRunner(allowing);

    const refusing = startRunner(s, 'runner-6', 1);
    await ready(refusing);
    const denied = await finished(s, await submit(s, { prompt: 'run a command' }));
    expect(denied.status).toBe('completed');
    expect(denied.result?.text).not.toContain('FROM_RUNNER_BASH');
    expect(denied.events.filter((e) => e.type === 'task.progress').map((e) => e.data)).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'permission', decision: 'denied' })]));
  });

  it('command tasks run only on a runner started with --allow-commands: sandboxed, in the workspace, capped and timed out', async () => {
    const s = setup!;
    const workspace = `${s.dir.path}/repo`;
    const command = [
      'echo "in $(pwd)"',
      'echo made > made-by-command.txt',
      `test -e ${s.dir.path}/gateway && echo GATEWAY_DIR_VISIBLE || echo GATEWAY_DIR_HIDDEN`,
      'echo "variables: $(env | grep -c -e OPEN_COWORK -e TOKEN)"',
      'exit 3',
    ].join('; ');
    const commandTask = await submit(s, { kind: 'command', command });
    // The running runner takes prompts only: a prompt submitted later is answered, the command waits.
    const prompt = await finished(s, await submit(s, { prompt: 'after the command' }));
    expect(prompt.status).toBe('completed');
    expect((await view(s, commandTask)).status).toBe('pending');
    for (const runner of s.runners) await stopRunner(runner);

    const commands = startRunner(s, 'runner-7', 0, ['--allow-commands', '--command-output-limit', '2048']);
    await ready(commands);
    const task = await finished(s, commandTask);
    expect(task).toMatchObject({ status: 'completed', attempts: 1, result: { exitCode: 3, output: `in ${workspace}\nGATEWAY_DIR_HIDDEN\nvariables: 0\n`, truncated: false } });
    expect(readFileSync(`${workspace}/made-by-command.txt`, 'utf8')).toBe('made\n');
    expect(task.events.find((e) => e.type === 'task.started')?.data['sandbox']).toBe('bwrap');

    const capped = await finished(s, await submit(s, { kind: 'command', command: "head -c 5000 /dev/zero | tr '\\0' x" }));
    expect(capped.result).toMatchObject({ exitCode: 0, truncated: true });
    expect(capped.result?.output).toBe('x'.repeat(2048));

    const slow = await finished(s, await submit(s, { kind: 'command', command: 'sleep 60', timeoutMs: 2000 }));
    expect(slow).toMatchObject({ status: 'failed', error: 'The command ran longer than 2000 ms and was killed.' });
  });

  it('a chat bound to the runner\'s workspace is answered by the runner, in one continued session; its permission requests are told to the chat', { timeout: 300_000 }, async () => {
    const s = setup!;
    await cliJson(s.env, ['identity', 'upsert', '--provider', 'webhook', '--external-user-id', 'alice', '--role', 'member']);
    const bound = await cliJson<{ binding: { workspace: string } }>(s.env, ['bind', 'add', '--provider', 'webhook', '--chat', 'C-bound', '--runner', 'mac']);
    expect(bound.binding.workspace).toBe('repo');
    const send = async (id: string, chatId: string, text: string): Promise<void> => {
      const sent = await sendSignedMessage(s.url, 'webhook', WEBHOOK_SECRET, { id, userId: 'alice', chatId, text });
      expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    };
    const say = async (id: string, chatId: string, text: string): Promise<string> => {
      await send(id, chatId, text);
      return (await s.peer.waitForReply(id, 240_000)).map((d) => d.text).join('');
    };
    expect(await say('b-1', 'C-bound', 'bound hello')).toBe('Answer to bound hello (turn 1)');
    expect(await say('b-2', 'C-bound', 'bound again')).toBe('Answer to bound again (turn 2)');
    expect(await say('f-1', 'C-free', 'free hello')).toBe('Answer to free hello (turn 1)');
    // The runner (started without --approve and with a host of its own) refuses the bash call and
    // says so; the chat is told. OpenCode ends a refused turn without an answer, so no reply
    // follows, and the chat's next message goes on in the same session on the runner.
    await send('b-3', 'C-bound', 'run a command from the chat');
    const notice = await waitFor('the permission notice', () => s.peer.deliveries.find((d) => d.inReplyTo === 'b-3' && d.kind === 'notice'), 240_000);
    expect(notice.text).toBe('The runner mac asked for permission for bash (echo FROM_RUNNER_BASH): denied.');
    expect(await say('b-4', 'C-bound', 'bound after')).toBe('Answer to bound after (turn 4)');
    expect(s.peer.deliveries.filter((d) => d.chatId === 'C-bound').map((d) => d.text).join('\n')).not.toContain('FROM_RUNNER_BASH\n');

    const db = await openPostgres({ url: s.env['OPEN_COWORK_STANDALONE_GATEWAY_DATABASE_URL']!, tls: { enabled: false, rejectUnauthorized: true }, poolMax: 2 });
    try {
      const events = async (chatId: string): Promise<string[]> =>
        (await db.query<{ type: string }>('select e.type from gateway_session_events e join gateway_sessions s on s.id = e.session_id where s.chat_id = $1 order by e.seq', [chatId])).map((row) => row.type);
      const boundEvents = await events('C-bound');
      expect(boundEvents.filter((t) => t === 'runner.task')).toHaveLength(4);
      expect(boundEvents.filter((t) => t === 'runner.claimed')).toHaveLength(4);
      expect(boundEvents.filter((t) => t === 'prompt.completed')).toHaveLength(4);
      expect(boundEvents).toContain('permission.asked');
      expect(boundEvents).not.toContain('prompt.started'); // the gateway's own runtime was not asked
      expect(await events('C-free')).toContain('prompt.started');
      const tasks = await db.query<{ session_key: string; runner: string | null; acked: boolean }>(
        "select t.session_key, c.name as runner, t.acked_at is not null as acked from gateway_tasks t left join gateway_credentials c on c.id = t.runner where t.submitter = 'channel:webhook'",
      );
      expect(tasks).toHaveLength(4);
      expect(new Set(tasks.map((t) => t.session_key)).size).toBe(1);
      expect(tasks.every((t) => t.runner === 'mac' && t.acked)).toBe(true);
    } finally {
      await db.close();
    }
    // Each bound message reached the model once, from the runner.
    for (const text of ['bound hello', 'bound again', 'run a command from the chat', 'bound after']) expect(asked(text)).toHaveLength(1);
  });
});
