// A throwaway PostgreSQL cluster for the test run: initdb as the postgres user into a temp dir,
// a free port on 127.0.0.1, the unix socket in the same dir. Stopped by stop(), and by an exit
// hook should the process end first.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const BIN = process.env['OPEN_COWORK_TEST_PG_BIN'] ?? '/usr/lib/postgresql/15/bin';

export interface PostgresCluster {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** A fresh database on the cluster; returns its URL. */
  createDatabase(name: string): string;
  stop(): void;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function ids(user: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((entry) => entry.startsWith(`${user}:`));
  if (line === undefined) throw new Error(`No "${user}" user on this machine: install Debian's postgresql package (apt-get install -y postgresql).`);
  const [, , uid = '', gid = ''] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function asPostgres(args: string[]): string[] {
  return process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', ...args] : args;
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  if (!existsSync(path.join(BIN, 'initdb'))) {
    throw new Error(`PostgreSQL binaries not found in ${BIN}: install Debian's postgresql package (apt-get install -y postgresql), or set OPEN_COWORK_TEST_PG_BIN.`);
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'gateway-pg-'));
  const data = path.join(dir, 'data');
  if (process.getuid?.() === 0) {
    const { uid, gid } = ids('postgres');
    chownSync(dir, uid, gid);
  }
  const run = (args: string[]): void => {
    const [command = '', ...rest] = asPostgres(args);
    const result = spawnSync(command, rest, { encoding: 'utf8', timeout: 120_000 });
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout}`);
  };
  run([path.join(BIN, 'initdb'), '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const pgCtl = path.join(BIN, 'pg_ctl');
  run([pgCtl, '-D', data, '-w', '-t', '120', '-l', path.join(dir, 'server.log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`, 'start']);
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stop);
    const [command = '', ...rest] = asPostgres([pgCtl, '-D', data, '-m', 'immediate', '-w', 'stop']);
    spawnSync(command, rest, { timeout: 60_000 });
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };
  process.on('exit', stop);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    port,
    dir,
    createDatabase(name: string): string {
      execFileSync(path.join(BIN, 'psql'), ['-h', dir, '-p', String(port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', `create database "${name}"`], { stdio: 'pipe' });
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    stop,
  };
}
