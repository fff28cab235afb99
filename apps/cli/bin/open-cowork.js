#!/usr/bin/env node
import { homedir } from 'node:os';
import { createInterface } from 'node:readline/promises';
import { fileURLToPath } from 'node:url';
import { runCli } from '../dist/index.js';

// Ctrl-C (or SIGTERM, as "open-cowork stop" sends) asks the running command to stop cleanly
// (abort the session, stop the runtime); a second Ctrl-C exits at once.
const interrupt = new AbortController();
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort();
});
process.on('SIGTERM', () => interrupt.abort());

/** Questions go to the terminal; without one (piped input), there is nobody to ask. */
const ask = process.stdin.isTTY
  ? async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    }
  : undefined;

/** Single key presses for the live dashboard (raw mode while someone listens). */
const onKey = process.stdin.isTTY
  ? (listener) => {
      const handler = (key) => listener(String(key));
      process.stdin.setRawMode(true);
      process.stdin.setEncoding('utf8');
      process.stdin.on('data', handler);
      process.stdin.resume();
      return () => {
        process.stdin.off('data', handler);
        process.stdin.setRawMode(false);
        process.stdin.pause();
      };
    }
  : undefined;

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  platform: process.platform,
  homeDir: homedir(),
  ask,
  signal: interrupt.signal,
  isTTY: process.stderr.isTTY === true,
  columns: process.stderr.columns,
  onKey,
  self: [process.execPath, fileURLToPath(import.meta.url)],
});
