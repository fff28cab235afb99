// Writes to the user's config file: the one layer the app itself edits. The file is read,
// changed where asked and written back whole (atomically, 0600); what else it holds stays.
// A file with comments (`config.jsonc`) is not rewritten: that would drop them.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CodedError, HostErrorCode } from '@open-cowork/contracts';

type Json = Record<string, unknown>;

/** The npm package OpenCode talks to an OpenAI-compatible endpoint with. */
export const OPENAI_COMPATIBLE_NPM = '@ai-sdk/openai-compatible';

export interface CustomProviderEntry {
  readonly id: string;
  readonly name: string;
  readonly baseURL: string;
  readonly models: readonly string[];
}

/** Adds or replaces `providers.custom.<id>` and lists the id in `providers.available` (after the inherited ones). */
export async function writeCustomProvider(file: string, entry: CustomProviderEntry): Promise<void> {
  const current = await readUserFile(file);
  const providers = isRecord(current['providers']) ? { ...current['providers'] } : {};
  const custom = isRecord(providers['custom']) ? { ...providers['custom'] } : {};
  custom[entry.id] = {
    npm: OPENAI_COMPATIBLE_NPM,
    name: entry.name,
    options: { baseURL: entry.baseURL },
    models: Object.fromEntries(entry.models.map((model) => [model, { name: model }])),
    defaultModel: entry.models[0],
    credentials: [{ key: 'apiKey', label: 'API key', secret: true, required: false }],
  };
  const available = Array.isArray(providers['available']) ? [...(providers['available'] as unknown[])] : ['...'];
  if (!available.includes(entry.id)) available.push(entry.id);
  providers['custom'] = custom;
  providers['available'] = available;
  await writeUserFile(file, { ...current, providers });
}

/** Whether the user file itself defines `providers.custom.<id>`. */
export async function userFileDefines(file: string, id: string): Promise<boolean> {
  const providers = (await readUserFile(file))['providers'];
  return isRecord(providers) && isRecord(providers['custom']) && Object.hasOwn(providers['custom'], id);
}

/** Sets `telemetry.collect` (the telemetry switch); the rest of the file stays as it is. */
export async function writeTelemetryCollect(file: string, collect: boolean): Promise<void> {
  const current = await readUserFile(file, `set "telemetry": { "collect": ${collect} } in it by hand`);
  const telemetry = isRecord(current['telemetry']) ? current['telemetry'] : {};
  await writeUserFile(file, { ...current, telemetry: { ...telemetry, collect } });
}

async function readUserFile(file: string, byHand = 'add the provider to it by hand'): Promise<Json> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  if (file.endsWith('.jsonc')) throw refuse(file, `it may hold comments the app would drop; ${byHand}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw refuse(file, `it is not valid JSON (${(error as Error).message}); fix it first`);
  }
  if (!isRecord(parsed)) throw refuse(file, 'it does not hold a JSON object; fix it first');
  return parsed;
}

async function writeUserFile(file: string, content: Json): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, file);
}

function refuse(file: string, why: string): CodedError {
  const message = `The user config file ${file} was not changed: ${why}.`;
  return new CodedError(HostErrorCode.ValidationFailed, message, { issues: [{ pointer: '', message }] });
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
