import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  readonly values: Record<string, string | boolean | undefined>;
  readonly positionals: string[];
}

/** Strict option parsing whose mistakes become usage errors that point at the right --help. */
export function parseCommandArgs(args: readonly string[], options: Options, helpCommand: string, maxPositionals: number): ParsedArgs {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, '.'), helpCommand);
  }
  if (parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals.slice(maxPositionals).map((value) => `"${value}"`).join(', ');
    throw new UsageError(`Unexpected argument ${extra}.`, helpCommand);
  }
  return { values: parsed.values as ParsedArgs['values'], positionals: parsed.positionals };
}
