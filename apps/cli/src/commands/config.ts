import { configSchema, explainConfig, maskSecrets, overlaySchema, toPointer, type ExplainEntry, type LoadResult } from '@open-cowork/config';
import { parseCommandArgs } from '../args.js';
import { displayPath, issueLine, jsonText, layerLine } from '../format.js';
import { ExitCode, UsageError, type CliIo } from '../io.js';
import { loadForCli } from '../load.js';

interface Subcommand {
  readonly summary: string;
  readonly usage: string;
  readonly details: string;
  readonly run: (args: readonly string[], io: CliIo) => ExitCode;
}

const JSON_OPTION = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  validate: {
    summary: 'Check every configuration layer and report all problems',
    usage: 'open-cowork config validate [--file FILE] [--json]',
    details: [
      'Without --file, checks the layers this machine has: the built-in default,',
      'OPEN_COWORK_CONFIG_PATH, the downstream folder (OPEN_COWORK_CONFIG_DIR or',
      'OPEN_COWORK_DOWNSTREAM_ROOT), the user file (~/.config/<dataDirName>/config.json)',
      'and the OS-managed file. With --file, checks FILE as one layer over the built-in',
      'default (what a downstream team runs in its CI).',
      '',
      'Options:',
      '  --file FILE   validate this overlay file instead of the machine\'s layers',
      '  --json        print the result as JSON: {ok, failedClosed, layers, issues}',
      '',
      'Exit status: 0 valid, 1 invalid (every problem is listed), 2 usage error.',
    ].join('\n'),
    run: validate,
  },
  print: {
    summary: 'Print the effective configuration (secrets masked)',
    usage: 'open-cowork config print [--json]',
    details: [
      'Prints the configuration the app would run with after merging every layer and',
      'filling in schema defaults. Secrets (client secrets, tokens, header values, API',
      'keys in provider options) are masked.',
      '',
      'Options:',
      '  --json   print only the JSON document, with no header',
    ].join('\n'),
    run: print,
  },
  explain: {
    summary: 'Show each value and the layer that set it',
    usage: 'open-cowork config explain [POINTER] [--json]',
    details: [
      'For every value at or under POINTER, shows the effective value and the layer',
      '(file) that set it. POINTER is a JSON pointer (/branding/name) or a dotted path',
      '(branding.name); without it, every value is explained. Values no file set come',
      'from the schema\'s defaults and are shown as "schema-default".',
      'Values inside a list that a layer combined with a lower layer\'s list also say',
      'whether that layer replaced the list (the default) or merged into it (a list',
      'beginning with "...").',
      '',
      'Options:',
      '  --json   print [{pointer, value, layer, file, sourcePointer, list?}]',
    ].join('\n'),
    run: explain,
  },
  schema: {
    summary: 'Print the configuration JSON Schema',
    usage: 'open-cowork config schema [--overlay]',
    details: [
      'Prints the strict JSON Schema (2020-12) a resolved configuration must satisfy.',
      '',
      'Options:',
      '  --overlay   print the schema of one overlay layer instead (everything optional',
      '              except record ids/names and the "kind" of tagged unions)',
    ].join('\n'),
    run: schema,
  },
};

export function configHelp(): string {
  const width = Math.max(...Object.keys(SUBCOMMANDS).map((name) => name.length));
  return [
    'Usage: open-cowork config <command> [options]',
    '',
    'Inspect and check the layered configuration.',
    '',
    'Commands:',
    ...Object.entries(SUBCOMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`),
    '',
    'Run "open-cowork config <command> --help" for the options of one command.',
    '',
  ].join('\n');
}

export function runConfigCommand(args: readonly string[], io: CliIo): ExitCode {
  const [name, ...rest] = args;
  if (name === undefined) throw new UsageError('Missing a config command (validate, print, explain or schema).', 'open-cowork config --help');
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(configHelp());
    return ExitCode.Ok;
  }
  const command = SUBCOMMANDS[name];
  if (command === undefined) throw new UsageError(`Unknown config command "${name}".`, 'open-cowork config --help');
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`Usage: ${command.usage}\n\n${command.summary}.\n\n${command.details}\n`);
    return ExitCode.Ok;
  }
  return command.run(rest, io);
}

function validate(args: readonly string[], io: CliIo): ExitCode {
  const { values } = parseCommandArgs(args, { ...JSON_OPTION, file: { type: 'string' } }, 'open-cowork config validate --help', 0);
  const file = values['file'];
  if (file === '') throw new UsageError('--file needs a path.', 'open-cowork config validate --help');
  const result = loadForCli(io, typeof file === 'string' ? { onlyFiles: [{ kind: 'config-path', file, label: 'file given with --file' }] } : {});
  if (values['json'] === true) {
    io.stdout(
      jsonText({
        ok: result.ok,
        failedClosed: result.failedClosed,
        layers: result.layers.map(({ kind, file: layerFile, status }) => ({ kind, file: layerFile, status })),
        issues: result.issues,
      }),
    );
    return result.ok ? ExitCode.Ok : ExitCode.Invalid;
  }
  io.stdout('Configuration layers (lowest first):\n');
  for (const layer of result.layers) io.stdout(`${layerLine(layer, io.cwd)}\n`);
  reportIssues(result, io);
  const errors = result.issues.filter((issue) => issue.severity === 'error').length;
  const warnings = result.issues.length - errors;
  if (result.ok) {
    io.stdout(`\nValid${warnings > 0 ? ` (${warnings} warning${warnings === 1 ? '' : 's'})` : ''}.\n`);
    return ExitCode.Ok;
  }
  io.stderr(
    `\nInvalid: ${errors} error${errors === 1 ? '' : 's'}${warnings > 0 ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}.` +
      (result.failedClosed ? ' Open Cowork will not start with this configuration.\n' : ' Layers with errors are skipped; the layers below them still apply.\n'),
  );
  return ExitCode.Invalid;
}

function print(args: readonly string[], io: CliIo): ExitCode {
  const { values } = parseCommandArgs(args, JSON_OPTION, 'open-cowork config print --help', 0);
  const result = loadForCli(io);
  reportIssues(result, io);
  if (result.config === undefined) {
    io.stderr('No effective configuration: loading failed closed (see the errors above).\n');
    return ExitCode.Invalid;
  }
  if (values['json'] !== true) {
    const applied = result.layers.filter((layer) => layer.status === 'applied');
    io.stdout(`// Effective configuration; secrets masked. Layers: ${applied.map((layer) => `${layer.kind} (${displayPath(layer.file, io.cwd)})`).join(', ')}\n`);
  }
  io.stdout(jsonText(maskSecrets(result.config, result.placeholders)));
  return result.ok ? ExitCode.Ok : ExitCode.Invalid;
}

function explain(args: readonly string[], io: CliIo): ExitCode {
  const { values, positionals } = parseCommandArgs(args, JSON_OPTION, 'open-cowork config explain --help', 1);
  const pointer = toPointer(positionals[0] ?? '');
  const result = loadForCli(io);
  reportIssues(result, io);
  if (result.config === undefined) {
    io.stderr('No effective configuration: loading failed closed (see the errors above).\n');
    return ExitCode.Invalid;
  }
  const entries = explainConfig(result, pointer);
  if (entries === undefined) {
    io.stderr(`Nothing is set at ${pointer} in the effective configuration.\n`);
    return ExitCode.Invalid;
  }
  if (values['json'] === true) {
    io.stdout(
      jsonText(
        entries.map((entry) => ({
          pointer: entry.pointer,
          value: entry.value,
          layer: entry.layer.kind,
          file: entry.layer.file,
          sourcePointer: entry.sourcePointer,
          ...(entry.list === undefined
            ? {}
            : { list: { pointer: entry.list.pointer, rule: entry.list.rule, ...(entry.list.by === undefined ? {} : { by: entry.list.by }), layer: entry.list.layer.kind, file: entry.list.layer.file } }),
        })),
      ),
    );
  } else {
    for (const entry of entries) {
      const where = entry.layer.kind === 'schema-default' ? 'schema-default' : `${entry.layer.kind} (${displayPath(entry.layer.file, io.cwd)}${entry.sourcePointer === entry.pointer ? '' : ` at ${entry.sourcePointer}`})`;
      io.stdout(`${entry.pointer} = ${JSON.stringify(entry.value)}\n    set by ${where}\n${listLine(entry.list, io.cwd)}`);
    }
  }
  return result.ok ? ExitCode.Ok : ExitCode.Invalid;
}

/** How the list holding a value was combined across layers, as one line (or nothing). */
function listLine(list: ExplainEntry['list'], cwd: string): string {
  if (list === undefined) return '';
  const by = list.rule === 'merged' && list.by !== undefined ? ` by ${list.by.map((key) => `"${key}"`).join(' or ')}` : '';
  const how = list.rule === 'merged' ? `merged into the inherited list${by} (the list began with "...")` : 'replaced the inherited list';
  return `    list ${list.pointer}: ${list.layer.kind} (${displayPath(list.layer.file, cwd)}) ${how}\n`;
}

function schema(args: readonly string[], io: CliIo): ExitCode {
  const { values } = parseCommandArgs(args, { help: { type: 'boolean', short: 'h' }, overlay: { type: 'boolean' } }, 'open-cowork config schema --help', 0);
  io.stdout(jsonText(values['overlay'] === true ? overlaySchema : configSchema));
  return ExitCode.Ok;
}

function reportIssues(result: LoadResult, io: CliIo): void {
  for (const issue of result.issues) io.stderr(`${issueLine(issue, io.cwd)}\n`);
}
