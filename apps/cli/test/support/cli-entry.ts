// The CLI run from its TypeScript sources (node --conditions=source --import tsx), for tests
// that need it as a process of its own (the gateway's runner tests kill it with SIGKILL).
// Same wiring as bin/open-cowork.js, without the terminal.
import { homedir } from 'node:os';
import { runCli } from '../../src/index.js';

const interrupt = new AbortController();
process.on('SIGINT', () => interrupt.abort());
process.on('SIGTERM', () => interrupt.abort());

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  platform: process.platform,
  homeDir: homedir(),
  signal: interrupt.signal,
});
