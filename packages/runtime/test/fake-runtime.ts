// A stand-in for `launchOpencode` in supervisor unit tests: each launch starts a tiny HTTP
// server that answers the health route and holds an event stream open, and can be made
// to crash or go unhealthy. The real binary is exercised in test/integration.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExitInfo, LaunchOptions, RuntimeProcess } from '../src/index.js';

export interface FakeProcess extends RuntimeProcess {
  readonly options: LaunchOptions;
  healthy: boolean;
  /** Health requests get no answer at all (a runtime too busy to answer). */
  hangHealth: boolean;
  crash(): void;
  /** Sends one SSE event to every open stream. */
  emit(event: unknown): void;
}

export interface FakeLauncher {
  readonly launch: (options: LaunchOptions) => Promise<RuntimeProcess>;
  readonly launched: FakeProcess[];
  /** The next `n` launches fail as if the process exited during start-up. */
  failNext(n: number): void;
}

let nextPid = 900_000;

export const GREETING = { payload: { type: 'server.connected', properties: {} } };

export function fakeLauncher(options: { greet?: boolean } = {}): FakeLauncher {
  const launched: FakeProcess[] = [];
  let failures = 0;
  return {
    launched,
    failNext(n) {
      failures = n;
    },
    async launch(launchOptions) {
      if (failures > 0) {
        failures -= 1;
        throw Object.assign(new Error('OpenCode exited during start-up (exit code 1).'), { code: 'RUNTIME_EXITED_DURING_START' });
      }
      const proc = await startFake(launchOptions, options.greet ?? true);
      launched.push(proc);
      return proc;
    },
  };
}

async function startFake(options: LaunchOptions, greet: boolean): Promise<FakeProcess> {
  const streams = new Set<ServerResponse>();
  let resolveExit!: (info: ExitInfo) => void;
  const exited = new Promise<ExitInfo>((resolve) => (resolveExit = resolve));
  const state = { healthy: true, hang: false };
  const server: Server = createServer((req, res) => {
    if (req.headers.authorization === undefined) {
      res.writeHead(401).end();
    } else if (req.url === '/global/health') {
      if (state.hang) return;
      res.writeHead(state.healthy ? 200 : 503, { 'content-type': 'application/json' }).end('{"healthy":true}');
    } else if (req.url === '/global/event') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(greet ? `data: ${JSON.stringify(GREETING)}\n\n` : ': silent\n\n'); // OpenCode greets every subscriber
      streams.add(res);
      res.on('close', () => streams.delete(res));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let gone = false;
  const end = (info: ExitInfo) => {
    if (gone) return;
    gone = true;
    for (const res of streams) res.destroy();
    server.closeAllConnections();
    server.close(() => resolveExit(info));
  };
  return {
    options,
    pid: nextPid++,
    url: `http://127.0.0.1:${port}`,
    exited,
    get healthy() {
      return state.healthy;
    },
    set healthy(value: boolean) {
      state.healthy = value;
    },
    get hangHealth() {
      return state.hang;
    },
    set hangHealth(value: boolean) {
      state.hang = value;
    },
    crash: () => end({ code: null, signal: 'SIGKILL' }),
    emit(event) {
      for (const res of streams) res.write(`data: ${JSON.stringify(event)}\n\n`);
    },
    stop: () => {
      end({ code: null, signal: 'SIGTERM' });
      return exited;
    },
  };
}
