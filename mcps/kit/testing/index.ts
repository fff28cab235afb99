// Test support for the bundled MCP servers: build a server's bundle once per change, start
// it as the runtime does (`node dist/index.js`), and talk to it with the real MCP SDK
// client over stdio. Used by each server's tests; never bundled into a server.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BUILD_SCRIPT = path.join(REPO_ROOT, 'scripts', 'build-mcps.mjs');

/** Names of the servers under mcps/ (every folder with src/index.ts except the kit). */
export function serverNames(): string[] {
  const dir = path.join(REPO_ROOT, 'mcps');
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'kit' && existsSync(path.join(dir, entry.name, 'src', 'index.ts')))
    .map((entry) => entry.name)
    .sort();
}

/** Absolute path of a server's bundle. */
export function bundlePath(name: string): string {
  return path.join(REPO_ROOT, 'mcps', name, 'dist', 'index.js');
}

/**
 * Builds `mcps/<name>/dist/index.js` unless it is newer than every file it is made of;
 * returns its path. Call it from beforeAll (give the hook time for a cold build).
 */
export function ensureBundle(...names: string[]): string {
  execFileSync(process.execPath, [BUILD_SCRIPT, '--if-stale', ...names], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  return bundlePath(names[0] ?? '');
}

export interface RunningServer {
  client: Client;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  close(): Promise<void>;
}

/**
 * Starts the bundled server with exactly `env` (plus the SDK's PATH/HOME-like basics) and
 * connects a client. `entry` runs a copy of the bundle instead of mcps/<name>/dist/index.js.
 */
export async function startServer(name: string, env: Record<string, string>, entry = bundlePath(name)): Promise<RunningServer> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [entry], env, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const client = new Client({ name: `mcp-${name}-test`, version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr, close: () => client.close() };
}

export interface Exit {
  code: number | null;
  stderr: string;
  stdout: string;
}

/** Runs the bundled server with `env` and an empty stdin, for startup failures; resolves when it exits. */
export function runToExit(name: string, env: Record<string, string>, timeoutMs = 10_000): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundlePath(name)], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mcps/${name} did not exit within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
    child.stdin.end();
  });
}

type CallResult = Awaited<ReturnType<Client['callTool']>>;

/** The text parts of a tool result, joined. */
export function textOf(result: CallResult): string {
  const content = (result.content ?? []) as { type: string; text?: string }[];
  return content
    .filter((part) => part.type === 'text')
    .map((part) => part.text ?? '')
    .join('\n');
}

/** The structured content of a successful result; throws with the text when it is an error. */
export function dataOf<T = Record<string, unknown>>(result: CallResult): T {
  if (result.isError) throw new Error(`tool error: ${textOf(result)}`);
  return result.structuredContent as T;
}

/** A fresh temporary directory and a function that removes it. */
export async function tempDir(prefix: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), `${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
