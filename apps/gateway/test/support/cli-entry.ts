// The gateway CLI run from its TypeScript sources (node --conditions=source --import tsx), so
// process tests need no build. Same wiring as bin/open-cowork-gateway.js.
import { runGatewayCli } from '../../src/cli/main.js';

const interrupt = new AbortController();
process.on('SIGINT', () => interrupt.abort());
process.on('SIGTERM', () => interrupt.abort());

process.exitCode = await runGatewayCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  signal: interrupt.signal,
});
