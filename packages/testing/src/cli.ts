// `scripted-model`: run the scripted model server from a shell, for demos and benchmarks.
// `runScriptedModelCli` is the testable part; `main` wires it to the process.

import { parseArgs } from 'node:util';
import { CodedError } from '@open-cowork/contracts';
import { loadScriptFile, type ScriptFile } from './script-file.js';
import { startScriptedModel, type ScriptedModel } from './server.js';

export const USAGE = `Usage: scripted-model [--port N] [--pace MS] [--script FILE] [--model ID]... [--quiet]

Serves a scripted OpenAI-compatible model on http://127.0.0.1:PORT/v1.

  --port N       port to listen on (default 0: any free port)
  --pace MS      milliseconds between streamed chunks (default 0, or the script's "paceMs")
  --script FILE  JSON script: { "rules": [{ "match": {…}, "reply": {…} }] }; without it every
                 prompt gets a short echo reply
  --model ID     model id to list (repeatable; default the script's "models" or scripted-1)
  --quiet        do not log requests to stderr
  -h, --help     show this help`;

export const ExitCode = { Ok: 0, InvalidScript: 1, Usage: 2 } as const;

export interface CliIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
}

export type CliOutcome =
  | { readonly kind: 'listening'; readonly model: ScriptedModel }
  | { readonly kind: 'exit'; readonly exitCode: number };

interface CliOptions {
  readonly port: number;
  readonly paceMs: number | undefined;
  readonly script: string | undefined;
  readonly models: readonly string[];
  readonly quiet: boolean;
}

class UsageError extends Error {}

function parseCliArgs(argv: readonly string[]): CliOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        pace: { type: 'string' },
        script: { type: 'string' },
        model: { type: 'string', multiple: true },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const port = integerOption('--port', values.port, 0, 65_535) ?? 0;
  const paceMs = integerOption('--pace', values.pace, 0, 60_000);
  return { port, paceMs, script: values.script, models: values.model ?? [], quiet: values.quiet === true };
}

function integerOption(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}; got "${value}".`);
  }
  return number;
}

/** Parses the arguments, loads the script and starts the server; never throws for bad input. */
export async function runScriptedModelCli(argv: readonly string[], io: CliIo): Promise<CliOutcome> {
  let options: CliOptions | 'help';
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    io.stderr(`scripted-model: ${(error as Error).message}`);
    io.stderr('Run "scripted-model --help" for usage.');
    return { kind: 'exit', exitCode: ExitCode.Usage };
  }
  if (options === 'help') {
    io.stdout(USAGE);
    return { kind: 'exit', exitCode: ExitCode.Ok };
  }
  let script: ScriptFile = { rules: [] };
  if (options.script !== undefined) {
    try {
      script = await loadScriptFile(options.script);
    } catch (error) {
      if (!(error instanceof CodedError)) throw error;
      io.stderr(`scripted-model: ${error.message}`);
      return { kind: 'exit', exitCode: ExitCode.InvalidScript };
    }
  }
  const models = options.models.length > 0 ? options.models : script.models;
  const paceMs = options.paceMs ?? script.paceMs;
  let model: ScriptedModel;
  try {
    model = await startScriptedModel({
      rules: script.rules,
      port: options.port,
      ...(models ? { models } : {}),
      ...(paceMs === undefined ? {} : { paceMs }),
      ...(options.quiet
        ? {}
        : {
            onRequest: (request) =>
              io.stderr(
                `#${request.seq} ${request.rule}${request.isTitleRequest ? ' (title request)' : ''}: step ${request.step}, ` +
                  `${request.toolResults.length} tool result(s), ${request.toolNames.length} tool(s) offered`,
              ),
          }),
    });
  } catch (error) {
    io.stderr(`scripted-model: cannot listen on port ${options.port}: ${(error as Error).message}`);
    return { kind: 'exit', exitCode: ExitCode.Usage };
  }
  io.stdout(`scripted model listening on ${model.url}`);
  return { kind: 'listening', model };
}

/** The bin's entry point: real stdout/stderr, closes on SIGINT/SIGTERM. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const outcome = await runScriptedModelCli(argv, {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
  });
  if (outcome.kind === 'exit') {
    process.exitCode = outcome.exitCode;
    return;
  }
  const stop = (): void => {
    void outcome.model.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
