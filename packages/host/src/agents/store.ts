// The user's custom agents in `<data>/agents.json` (0600, written atomically), as the
// contract's CustomAgent definitions in the order they were first saved. The runtime reads
// them at every boot (appLaunchConfig's `customAgents`), so a saved agent exists in OpenCode
// after the restart the agents service asks for.
import path from 'node:path';
import { defSchemaOf, type CustomAgent } from '@open-cowork/contracts';
import Ajv2020 from 'ajv/dist/2020.js';
import { systemClock, type Clock } from '../ports/clock.js';
import { PrivateJsonFile } from '../state/index.js';
import { badField, record } from '../state/fields.js';

const FILE_VERSION = 1;

interface AgentsFile {
  readonly version: typeof FILE_VERSION;
  readonly agents: readonly CustomAgent[];
}

/** What the store recovered from: a damaged file moved aside, or an entry left out. */
export interface AgentStoreProblem {
  readonly message: string;
  readonly file: string;
}

export interface CustomAgentStoreOptions {
  /** `<data>/agents.json`. */
  readonly file: string;
  readonly clock?: Clock;
  /** Hears about a damaged file or entry (default: a process warning). */
  readonly report?: (problem: AgentStoreProblem) => void;
}

type Validate = ((data: unknown) => boolean) & { errors?: readonly { instancePath: string; message?: string }[] | null };

let validator: Validate | undefined;

/** The contract's own CustomAgent schema, compiled once, so a stored entry is held to the same rules as a saved one. */
function validateAgent(): Validate {
  validator ??= new Ajv2020.default({ strict: true, allErrors: false }).compile(defSchemaOf('CustomAgent')) as Validate;
  return validator;
}

export class CustomAgentStore {
  readonly file: string;
  readonly #file: PrivateJsonFile<AgentsFile>;
  readonly #report: (problem: AgentStoreProblem) => void;

  constructor(options: CustomAgentStoreOptions) {
    this.file = path.resolve(options.file);
    this.#report = options.report ?? ((problem) => process.emitWarning(problem.message, { code: 'OPEN_COWORK_AGENTS_FILE' }));
    this.#file = new PrivateJsonFile({
      file: this.file,
      parse: (raw) => this.#parse(raw),
      clock: options.clock ?? systemClock,
      recover: ({ file, movedTo, reason }) =>
        this.#report({ file, message: `Custom agents file ${file} is damaged (${reason}); kept it as ${movedTo} and started with no custom agents.` }),
    });
  }

  /** Every saved agent, in the order first saved. */
  async list(): Promise<CustomAgent[]> {
    return [...((await this.#file.read())?.agents ?? [])];
  }

  async get(name: string): Promise<CustomAgent | undefined> {
    return (await this.list()).find((agent) => agent.name === name);
  }

  /** Stores the definition, replacing one of the same name in place. Checking it is the caller's job. */
  async save(agent: CustomAgent): Promise<void> {
    const copy = structuredClone(agent);
    await this.#file.update((current) => {
      const agents = [...(current?.agents ?? [])];
      const at = agents.findIndex((entry) => entry.name === agent.name);
      if (at === -1) agents.push(copy);
      else agents[at] = copy;
      return { version: FILE_VERSION, agents };
    });
  }

  /** Removes the agent; false when there was none of that name. */
  async delete(name: string): Promise<boolean> {
    const written = await this.#file.update((current) => {
      const agents = current?.agents ?? [];
      if (!agents.some((agent) => agent.name === name)) return undefined;
      return { version: FILE_VERSION, agents: agents.filter((agent) => agent.name !== name) };
    });
    return written !== undefined;
  }

  /** The file's envelope must be ours; one bad entry is reported and left out, the rest still load. */
  #parse(raw: unknown): AgentsFile {
    const file = record(raw, 'the file');
    if (file['version'] !== FILE_VERSION) throw badField('version', `must be ${FILE_VERSION}`);
    const entries = file['agents'] ?? [];
    if (!Array.isArray(entries)) throw badField('agents', 'must be a list');
    const agents: CustomAgent[] = [];
    const validate = validateAgent();
    entries.forEach((entry, index) => {
      if (!validate(entry)) {
        const error = validate.errors?.[0];
        const where = `agents[${index}]${error?.instancePath ? ` at ${error.instancePath}` : ''}`;
        this.#report({ file: this.file, message: `Custom agent ${where} in ${this.file} is left out: ${error?.message ?? 'not a custom agent'}.` });
        return;
      }
      const agent = entry as CustomAgent;
      if (agents.some((other) => other.name === agent.name)) {
        this.#report({ file: this.file, message: `Custom agent "${agent.name}" appears twice in ${this.file}; the first one is kept.` });
        return;
      }
      agents.push(agent);
    });
    return { version: FILE_VERSION, agents };
  }
}
