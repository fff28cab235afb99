#!/usr/bin/env node
import { homedir } from 'node:os';
import { runCli } from '../dist/index.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  platform: process.platform,
  homeDir: homedir(),
});
