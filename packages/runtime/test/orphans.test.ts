import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isOurRuntime, PidLedger } from '../src/index.js';

const BIN = '/app/node_modules/opencode-linux-x64/bin/opencode';
const PROC_LINE = [BIN, 'serve', '--hostname', '127.0.0.1', '--port', '0'].join('\u0000');

describe('isOurRuntime', () => {
  it('matches our binary running serve, from /proc (NUL-separated) or ps', () => {
    expect(isOurRuntime(PROC_LINE, BIN)).toBe(true);
    expect(isOurRuntime(`${BIN} serve --hostname 127.0.0.1 --port 0`, BIN)).toBe(true);
  });
  it('rejects other programs, other binaries and other subcommands', () => {
    expect(isOurRuntime('/usr/bin/vim notes.txt', BIN)).toBe(false);
    expect(isOurRuntime(['/other/opencode', 'serve'].join('\u0000'), BIN)).toBe(false);
    expect(isOurRuntime([BIN, 'run', 'serve-me'].join('\u0000'), BIN)).toBe(false);
    expect(isOurRuntime([`${BIN}-evil`, 'serve'].join('\u0000'), BIN)).toBe(false);
  });
});

describe('PidLedger', () => {
  async function ledger(commands: Record<number, string>) {
    const dir = await mkdtemp(path.join(tmpdir(), 'oc-ledger-'));
    const killed: Array<[number, string]> = [];
    const file = path.join(dir, 'pids.json');
    const instance = new PidLedger(file, {
      readCommandLine: (pid) => Promise.resolve(commands[pid]),
      kill: (pid, signal) => void killed.push([pid, signal]),
    });
    return { instance, killed, file };
  }

  it('records and forgets processes', async () => {
    const { instance } = await ledger({});
    await instance.add({ pid: 101, binary: BIN, startedAt: 1 });
    await instance.add({ pid: 102, binary: BIN, startedAt: 2 });
    await instance.remove(101);
    expect((await instance.entries()).map((e) => e.pid)).toEqual([102]);
  });

  it('sweeps only ledger processes still running our command, then clears the ledger', async () => {
    const { instance, killed, file } = await ledger({
      201: PROC_LINE,
      202: '/usr/bin/python3 server.py', // PID recycled by another program
    });
    await instance.add({ pid: 201, binary: BIN, startedAt: 1 });
    await instance.add({ pid: 202, binary: BIN, startedAt: 1 });
    await instance.add({ pid: 203, binary: BIN, startedAt: 1 }); // gone
    const report = await instance.sweep();
    expect(report).toEqual({ killed: [201], skipped: [202, 203] });
    expect(killed).toEqual([[-201, 'SIGKILL']]);
    await expect(readFile(file)).rejects.toThrow(/ENOENT/);
  });

  it('treats a damaged ledger as empty', async () => {
    const { instance, file } = await ledger({});
    await import('node:fs/promises').then((fs) => fs.writeFile(file, '[{"pid": 1'));
    expect(await instance.entries()).toEqual([]);
    expect(await instance.sweep()).toEqual({ killed: [], skipped: [] });
  });
});
