#!/usr/bin/env node
import { runGatewayCli } from '../dist/index.js';

// SIGINT/SIGTERM ask the running command to stop cleanly; a second SIGINT exits at once.
const interrupt = new AbortController();
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort();
});
process.on('SIGTERM', () => interrupt.abort());

process.exitCode = await runGatewayCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  signal: interrupt.signal,
});
