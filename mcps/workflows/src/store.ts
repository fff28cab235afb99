// Playbooks on disk: `<dir>/<name>.json`, one file each, replaced atomically; runs appended to
// `<dir>/runs/<name>.ndjson`, one JSON object per line. Deleting a playbook keeps its run log.

import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, open, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { isInside, isSlug, serialQueue, ToolError, writeFileAtomic } from '@open-cowork/mcp-kit';
import { bindArgs, checkPlaybook, renderPrompt, type ArgValue, type Playbook, type PlaybookInput } from './playbook.js';

export interface RunRecord {
  id: string;
  playbook: string;
  time: string;
  args: Record<string, string>;
  prompt: string;
}

export interface PlaybookSummary {
  name: string;
  title: string;
  description: string;
  params: string[];
  updated: string;
}

/** The run log is read from its end; older runs beyond this many bytes are not listed. */
const RUN_LOG_TAIL_BYTES = 2_000_000;

export class WorkflowStore {
  private readonly queue = serialQueue();

  constructor(
    readonly dir: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  save(input: PlaybookInput & { overwrite: boolean }): Promise<{ playbook: Playbook; created: boolean; warnings: string[] }> {
    return this.queue(async () => {
      const { definition, warnings } = checkPlaybook(input);
      const file = this.file(definition.name);
      const previous = await this.load(definition.name);
      if (previous && !input.overwrite) {
        throw new ToolError(`A playbook named "${definition.name}" already exists; pass overwrite: true to replace it, or choose another name.`);
      }
      const now = this.clock().toISOString();
      const playbook: Playbook = { ...definition, created: previous?.created ?? now, updated: now };
      await writeFileAtomic(file, JSON.stringify(playbook, null, 2) + '\n');
      return { playbook, created: !previous, warnings };
    });
  }

  async get(name: string): Promise<Playbook> {
    const playbook = await this.load(name);
    if (!playbook) throw new ToolError(`No playbook named "${name}". Use workflows_list to see the saved playbooks.`);
    return playbook;
  }

  async list(): Promise<PlaybookSummary[]> {
    const names = (await readdir(this.dir).catch(() => [] as string[]))
      .filter((file) => file.endsWith('.json'))
      .map((file) => file.slice(0, -5))
      .filter(isSlug)
      .sort();
    const summaries: PlaybookSummary[] = [];
    for (const name of names) {
      const playbook = await this.load(name).catch(() => undefined);
      if (!playbook) continue;
      summaries.push({ name, title: playbook.title, description: playbook.description, params: playbook.params.map((p) => p.name), updated: playbook.updated });
    }
    return summaries;
  }

  delete(name: string): Promise<void> {
    return this.queue(async () => {
      await this.get(name);
      await rm(this.file(name));
    });
  }

  async run(name: string, args: Readonly<Record<string, ArgValue>>): Promise<RunRecord & { title: string }> {
    const playbook = await this.get(name);
    const values = bindArgs(playbook, args);
    const prompt = renderPrompt(playbook, values);
    const time = this.clock();
    const stamp = time.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const record: RunRecord = { id: `run-${stamp}-${randomBytes(3).toString('hex')}`, playbook: name, time: time.toISOString(), args: values, prompt };
    const log = this.runLog(name);
    await mkdir(path.dirname(log), { recursive: true });
    await appendFile(log, JSON.stringify(record) + '\n', { encoding: 'utf8', flag: 'a' });
    return { ...record, title: playbook.title };
  }

  /** The most recent runs of a playbook (newest first); works for deleted playbooks too. */
  async runs(name: string, limit: number): Promise<RunRecord[]> {
    this.file(name); // checks the name
    const text = await readTail(this.runLog(name), RUN_LOG_TAIL_BYTES);
    const records: RunRecord[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const record = JSON.parse(line) as RunRecord;
        if (record && typeof record.id === 'string') records.push(record);
      } catch {
        // A damaged line (e.g. a write cut short) is skipped.
      }
    }
    return records.reverse().slice(0, limit);
  }

  private file(name: string): string {
    if (!isSlug(name)) throw new ToolError(`"${name}" is not a playbook name; names are lower-case letters, digits and hyphens.`);
    const file = path.join(this.dir, `${name}.json`);
    if (!isInside(this.dir, file)) throw new ToolError(`"${name}" is not a playbook name.`);
    return file;
  }

  private runLog(name: string): string {
    return path.join(this.dir, 'runs', `${name}.ndjson`);
  }

  private async load(name: string): Promise<Playbook | undefined> {
    let text: string;
    try {
      text = await readFile(this.file(name), 'utf8');
    } catch (error) {
      if (error instanceof ToolError) throw error;
      return undefined;
    }
    try {
      const parsed = JSON.parse(text) as Playbook;
      if (typeof parsed.template !== 'string' || !Array.isArray(parsed.params)) throw new Error('missing fields');
      return { ...parsed, name };
    } catch (error) {
      throw new ToolError(`The playbook file ${this.file(name)} is damaged (${(error as Error).message}); save the playbook again with overwrite: true.`);
    }
  }
}

/** The last `max` bytes of a file (from a line start), or '' when it does not exist. */
async function readTail(file: string, max: number): Promise<string> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return '';
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - max);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    const text = buffer.toString('utf8');
    return start === 0 ? text : text.slice(text.indexOf('\n') + 1);
  } finally {
    await handle.close();
  }
}
