// The live dashboard `open-cowork start` shows in a terminal. The host runs as a background
// process (as with --detach); the dashboard is a client of it: it polls the host's health
// and runtime status, tails its log file, and lets the user copy the pairing URL, detach
// (leave the host running) or quit (stop it).
import { readFileSync, statSync } from 'node:fs';
import { ExitCode, type CliIo } from '../io.js';
import { HostClient } from './host-client.js';
import type { HostRecord } from './host-record.js';
import { uiUrl } from './pairing.js';

export interface DashboardState {
  readonly appName: string;
  readonly record: HostRecord;
  readonly dataDir: string;
  readonly logFile: string;
  readonly hostHealthy: boolean;
  readonly runtime: { readonly state: string; readonly detail?: string };
  /** What the runtime runs in (once it has started), and whether that is no sandbox at all. */
  readonly sandbox?: { readonly description: string; readonly none: boolean };
  readonly logLines: readonly string[];
  readonly notice?: string;
}

const BOLD = '\x1b[1m';
const DIM = '\x1b[2m';
const GREEN = '\x1b[32m';
const RED = '\x1b[31m';
const YELLOW = '\x1b[33m';
const RESET = '\x1b[0m';

/** The whole screen as text; pure, so it can be tested without a terminal. */
export function renderDashboard(state: DashboardState, width = 100): string {
  const line = (text = '') => `${fit(text, width)}\x1b[K\n`;
  const dot = (ok: boolean | undefined) => (ok === undefined ? `${YELLOW}●${RESET}` : ok ? `${GREEN}●${RESET}` : `${RED}●${RESET}`);
  const runtimeOk = state.runtime.state === 'ready' ? true : state.runtime.state === 'failed' || state.runtime.state === 'unreachable' ? false : undefined;
  const out = [
    line(`${BOLD}${state.appName} — headless host${RESET}  ${DIM}run ${state.record.runId}${RESET}`),
    line(),
    line(`${BOLD}Services${RESET}`),
    line(`  ${dot(state.hostHealthy)} host      ${state.hostHealthy ? 'serving' : 'not answering'}  ${state.record.url}  ${DIM}pid ${state.record.pid}${RESET}`),
    line(`  ${dot(runtimeOk)} runtime   ${state.runtime.state}${state.runtime.detail ? `  ${DIM}${state.runtime.detail}${RESET}` : ''}`),
    ...(state.sandbox ? [line(`  ${dot(!state.sandbox.none)} sandbox   ${state.sandbox.description}`)] : []),
    line(),
    line(`${BOLD}Pairing${RESET}`),
    line(`  Host URL   ${state.record.url}`),
    line(`  Token      ${state.record.token}`),
    line(`  Open UI    ${uiUrl(state.record.url, state.record.token)}`),
    line(`  Workspace  ${state.record.workspaces.join(', ')}`),
    line(`  Data dir   ${state.dataDir}`),
    line(),
    line(`${BOLD}Recent log${RESET}  ${DIM}${state.logFile}${RESET}`),
    ...state.logLines.map((text) => line(`  ${DIM}${text}${RESET}`)),
    line(),
    line(`${BOLD}[c]${RESET} copy the UI link   ${BOLD}[d]${RESET} detach (keep running)   ${BOLD}[q]${RESET} quit (stop the host)`),
    state.notice ? line(`${YELLOW}${state.notice}${RESET}`) : '',
  ];
  return `\x1b[H${out.join('')}\x1b[J`;
}

/** A terminal colour or cursor code (built from a string: the escape is a control character). */
const ESCAPE = '\u001b\\[[0-9;?]*[A-Za-z]';
const LEADING_ESCAPE = new RegExp(`^${ESCAPE}`);

/** The text as a person sees it: colour and cursor codes removed. */
export function stripAnsi(text: string): string {
  return text.replace(new RegExp(ESCAPE, 'g'), '');
}

/** Cuts `text` to `width` visible characters, keeping colour codes intact and closing them. */
function fit(text: string, width: number): string {
  let visible = 0;
  let out = '';
  for (let i = 0; i < text.length; ) {
    const code = LEADING_ESCAPE.exec(text.slice(i));
    if (code) {
      out += code[0];
      i += code[0].length;
      continue;
    }
    if (visible === width - 1 && stripAnsi(text.slice(i)).length > 1) return `${out}…${RESET}`;
    out += text[i];
    visible += 1;
    i += 1;
  }
  return out;
}

/** OSC 52: asks the terminal to put `text` on the clipboard (works over SSH too). */
export function clipboardSequence(text: string): string {
  return `\x1b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\x07`;
}

export interface DashboardOptions {
  readonly appName: string;
  readonly record: HostRecord;
  readonly dataDir: string;
  readonly logFile: string;
  /** Stops the background host ("q"). */
  readonly stopHost: () => Promise<void>;
  readonly refreshMs?: number;
}

/** Runs until the user detaches or quits. */
export async function runDashboard(io: CliIo, options: DashboardOptions): Promise<ExitCode> {
  const onKey = io.onKey;
  if (!onKey) throw new Error('The dashboard needs key input from a terminal.');
  const client = new HostClient({ url: options.record.url, token: options.record.token }, 5000);
  let notice: string | undefined;
  let choice: 'detach' | 'quit' | undefined;
  let wake: (() => void) | undefined;
  const disposeKeys = onKey((key) => {
    if (key === 'c') {
      io.stderr(clipboardSequence(uiUrl(options.record.url, options.record.token)));
      notice = 'Copied the UI link to the clipboard (if your terminal allows it).';
    } else if (key === 'd') {
      choice = 'detach';
    } else if (key === 'q' || key === '\u0003') {
      choice = 'quit';
    }
    wake?.();
  });
  const onAbort = () => {
    choice = 'quit';
    wake?.();
  };
  io.signal?.addEventListener('abort', onAbort, { once: true });
  io.stderr('\x1b[?25l\x1b[2J'); // hide the cursor, clear the screen
  try {
    while (!choice) {
      const hostHealthy = await client.healthy();
      let runtime: DashboardState['runtime'] = { state: 'unreachable' };
      let sandbox: DashboardState['sandbox'];
      if (hostHealthy) {
        try {
          const status = await client.call('runtime.status', {});
          runtime = { state: status.state, ...(status.reason ? { detail: status.reason } : status.version ? { detail: `OpenCode ${status.version}` } : {}) };
          if (status.sandbox) sandbox = { description: status.sandbox.description, none: status.sandbox.backend === 'none' };
        } catch (error) {
          runtime = { state: 'unknown', detail: error instanceof Error ? error.message : String(error) };
        }
      }
      const state: DashboardState = { appName: options.appName, record: options.record, dataDir: options.dataDir, logFile: options.logFile, hostHealthy, runtime, ...(sandbox ? { sandbox } : {}), logLines: tailLines(options.logFile, 8), ...(notice ? { notice } : {}) };
      io.stderr(renderDashboard(state, io.columns ?? 100));
      if (choice) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, options.refreshMs ?? 1000);
      });
      wake = undefined;
    }
  } finally {
    disposeKeys();
    io.signal?.removeEventListener('abort', onAbort);
    io.stderr('\x1b[?25h\n'); // show the cursor again
  }
  if (choice === 'quit') {
    await options.stopHost();
    io.stdout('Stopped the host.\n');
  } else {
    io.stdout(`The host keeps running at ${options.record.url} (pid ${options.record.pid}). Stop it with: open-cowork stop --data-dir ${options.dataDir}\n`);
  }
  return ExitCode.Ok;
}

/** The last lines of the host's log, JSON lines shown as "source message". */
function tailLines(file: string, count: number): string[] {
  try {
    const size = statSync(file).size;
    const text = readFileSync(file, 'utf8').slice(size > 65_536 ? -65_536 : 0);
    return text
      .trimEnd()
      .split('\n')
      .slice(-count)
      .map((raw) => {
        try {
          const record = JSON.parse(raw) as { time?: string; source?: string; message?: string };
          return `${record.time?.slice(11, 19) ?? ''} ${record.source ?? ''} ${record.message ?? raw}`;
        } catch {
          return raw;
        }
      });
  } catch {
    return [];
  }
}
