// agents.*: OpenCode's built-ins, the configured agents and the user's custom agents. Only
// custom agents change here; a saved one is checked exactly as the config builder checks
// every agent (checkAgent), stored in `<data>/agents.json` and loaded by the runtime after
// the restart this service asks for.
import type { OpenCoworkConfig } from '@open-cowork/config';
import { CodedError, HostErrorCode, type Agent, type CustomAgent, type HostIssue } from '@open-cowork/contracts';
import { checkAgent, NAME_ISSUES, RESERVED_AGENT_NAMES } from '@open-cowork/runtime';
import type { HandlersFor } from '../dispatch/handlers.js';
import type { Logger } from '../log/index.js';
import { agentTemplates } from './templates.js';
import { agentRoster, configuredNames, type RosterEntry } from './roster.js';
import type { CustomAgentStore } from './store.js';

export type AgentMethod = 'agents.list' | 'agents.templates' | 'agents.get' | 'agents.save' | 'agents.delete';

export interface AgentDeps {
  /** The effective app config. */
  readonly config: OpenCoworkConfig;
  readonly customAgents: Pick<CustomAgentStore, 'list' | 'save' | 'delete'>;
  readonly logger: Logger;
  /** Restarts the runtime (debounced) so it loads the changed agents. */
  readonly requestRestart: (reason: string) => void;
  /** The config with the user's custom MCP servers joined in (their tool ids are grantable); default: `config`. */
  readonly effectiveConfig?: () => Promise<OpenCoworkConfig>;
}

/**
 * Checks a custom agent exactly as the config builder checks every agent (the agents page,
 * agents.save and the agents MCP's bridge all come here): CONFLICT for a taken or reserved
 * name, VALIDATION_FAILED with every issue (pointers under /agent) otherwise.
 */
export function checkCustomAgent(config: OpenCoworkConfig, agent: CustomAgent): void {
  const issues = checkAgent(agent, {
    config,
    // Any provider the app offers; the builder later narrows this to the enabled ones.
    providers: new Set(config.providers.available),
    taken: configuredNames(config),
  });
  const nameIssue = issues.find((issue) => NAME_ISSUES.has(issue.kind));
  if (nameIssue !== undefined && nameIssue.kind !== 'name-invalid') {
    throw new CodedError(HostErrorCode.Conflict, nameIssue.message, { pointer: '/agent/name' });
  }
  if (issues.length > 0) {
    const hostIssues: HostIssue[] = issues.map((issue) => ({ pointer: `/agent${issue.pointer}`, message: issue.message }));
    const [first] = hostIssues;
    throw new CodedError(
      HostErrorCode.ValidationFailed,
      `Agent "${agent.name}" was not saved: ${first?.message ?? 'it is not valid'}${hostIssues.length > 1 ? ` (and ${hostIssues.length - 1} more)` : ''}`,
      { issues: hostIssues },
    );
  }
}

/** What saving `agent` would show in agents.list, without saving it (checked first, as agents.save checks). */
export async function previewCustomAgent(config: OpenCoworkConfig, saved: readonly CustomAgent[], agent: CustomAgent): Promise<Agent> {
  checkCustomAgent(config, agent);
  const others = saved.filter((entry) => entry.name !== agent.name);
  const entry = agentRoster(config, [...others, agent]).find((candidate) => candidate.view.name === agent.name);
  if (entry === undefined) throw new CodedError(HostErrorCode.ValidationFailed, `Agent "${agent.name}" would not load.`, { issues: [{ pointer: '/agent', message: 'The runtime would not load it.' }] });
  return entry.view;
}

export function agentHandlers(deps: AgentDeps): HandlersFor<AgentMethod> {
  const log = deps.logger.for('host');
  const effectiveConfig = deps.effectiveConfig ?? (async () => deps.config);
  const roster = async (): Promise<RosterEntry[]> => agentRoster(await effectiveConfig(), await deps.customAgents.list());

  async function entryOf(name: string): Promise<RosterEntry> {
    const entry = (await roster()).find((candidate) => candidate.view.name === name);
    if (entry === undefined) throw notFound(name);
    return entry;
  }

  return {
    async 'agents.list'() {
      return { agents: (await roster()).map((entry) => entry.view) };
    },

    async 'agents.templates'() {
      return { templates: agentTemplates(deps.config) };
    },

    async 'agents.get'({ name }) {
      const { view, saved } = await entryOf(name);
      return { agent: view, ...(saved === undefined ? {} : { definition: saved }) };
    },

    async 'agents.save'({ agent }) {
      checkCustomAgent(await effectiveConfig(), agent);
      await deps.customAgents.save(agent);
      log.info('custom agent saved', { name: agent.name });
      deps.requestRestart(`custom agent "${agent.name}" saved`);
      return (await entryOf(agent.name)).view satisfies Agent;
    },

    async 'agents.delete'({ name }) {
      if (await deps.customAgents.delete(name)) {
        log.info('custom agent deleted', { name });
        deps.requestRestart(`custom agent "${name}" deleted`);
        return { deleted: true };
      }
      if (RESERVED_AGENT_NAMES.has(name)) {
        throw new CodedError(HostErrorCode.Conflict, `"${name}" is one of OpenCode's own agents; it cannot be deleted (the app config can disable it under builtInAgents).`);
      }
      if (configuredNames(deps.config).has(name)) {
        throw new CodedError(HostErrorCode.Conflict, `"${name}" is defined by the app config; only custom agents can be deleted.`);
      }
      throw notFound(name);
    },
  };
}

function notFound(name: string): CodedError {
  return new CodedError(HostErrorCode.NotFound, `There is no agent named "${name}".`, { kind: 'agent', id: name });
}
