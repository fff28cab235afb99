// agents.*: OpenCode's built-ins, the configured agents and the user's custom agents. Only
// custom agents change here; a saved one is checked exactly as the config builder checks
// every agent (checkAgent), stored in `<data>/agents.json` and loaded by the runtime after
// the restart this service asks for.
import type { OpenCoworkConfig } from '@open-cowork/config';
import { CodedError, HostErrorCode, type Agent, type HostIssue } from '@open-cowork/contracts';
import { checkAgent, NAME_ISSUES, RESERVED_AGENT_NAMES } from '@open-cowork/runtime';
import type { HandlersFor } from '../handlers.js';
import type { Logger } from '../log/index.js';
import { agentRoster, configuredNames, type RosterEntry } from './agents-roster.js';
import type { CustomAgentStore } from './agents-store.js';

export type AgentMethod = 'agents.list' | 'agents.get' | 'agents.save' | 'agents.delete';

export interface AgentDeps {
  /** The effective app config. */
  readonly config: OpenCoworkConfig;
  readonly customAgents: Pick<CustomAgentStore, 'list' | 'save' | 'delete'>;
  readonly logger: Logger;
  /** Restarts the runtime (debounced) so it loads the changed agents. */
  readonly requestRestart: (reason: string) => void;
}

export function agentHandlers(deps: AgentDeps): HandlersFor<AgentMethod> {
  const log = deps.logger.for('host');
  const roster = async (): Promise<RosterEntry[]> => agentRoster(deps.config, await deps.customAgents.list());

  async function entryOf(name: string): Promise<RosterEntry> {
    const entry = (await roster()).find((candidate) => candidate.view.name === name);
    if (entry === undefined) throw notFound(name);
    return entry;
  }

  return {
    async 'agents.list'() {
      return { agents: (await roster()).map((entry) => entry.view) };
    },

    async 'agents.get'({ name }) {
      const { view, saved } = await entryOf(name);
      return { agent: view, ...(saved === undefined ? {} : { definition: saved }) };
    },

    async 'agents.save'({ agent }) {
      const issues = checkAgent(agent, {
        config: deps.config,
        // Any provider the app offers; the builder later narrows this to the enabled ones.
        providers: new Set(deps.config.providers.available),
        taken: configuredNames(deps.config),
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
