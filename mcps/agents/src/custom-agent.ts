// The arguments of preview and save: a CustomAgent (see @open-cowork/contracts), checked for
// shape here so obvious mistakes come back at once; the host validates it fully.

import type { CustomAgent } from '@open-cowork/contracts';
import { z } from '@open-cowork/mcp-kit';

const slug = (what: string) => z.string().regex(/^[a-z0-9][a-z0-9-]*$/, `${what}: lower-case letters, digits and hyphens`).max(64);
const toolId = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/).max(64);
const patterns = (what: string) => z.array(z.string().min(1).max(256)).max(256).optional().describe(what);

export const CUSTOM_AGENT_SHAPE = {
  name: slug('name').describe('Unique id, e.g. "release-writer"; must not be a built-in or configured agent\'s name.'),
  label: z.string().min(1).max(64).optional().describe('Display name.'),
  description: z.string().min(1).max(1024).describe('When to use the agent; other agents read it when deciding to delegate.'),
  instructions: z.string().min(1).max(100_000).describe('The agent\'s system prompt.'),
  mode: z.enum(['primary', 'subagent', 'all']).optional().describe('"primary": owns chats; "subagent": only delegated to; "all" (default): both.'),
  model: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*\/.+$/, 'model: "provider/model"')
    .optional()
    .describe('"provider/model"; unset uses the session\'s model.'),
  variant: z.string().min(1).optional().describe('Provider-defined model variant.'),
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().min(0).max(1).optional(),
  steps: z.number().int().min(1).max(1000).optional().describe('Maximum tool-loop iterations.'),
  toolIds: z.array(toolId).optional().describe('Tool catalog ids granted to the agent.'),
  allowTools: patterns('Extra tool-name patterns allowed without asking.'),
  askTools: patterns('Extra tool-name patterns that ask before each call.'),
  denyTools: patterns('Tool-name patterns never allowed.'),
  skillNames: z.array(slug('skill name')).optional().describe('Skills the agent may load.'),
  color: z.enum(['neutral', 'accent', 'info', 'success', 'warning', 'danger']).optional(),
  hidden: z.boolean().optional().describe('Hide from pickers; still available for delegation.'),
  options: z.object({}).catchall(z.unknown()).optional().describe('Provider-specific model options, passed through.'),
};

type Input = z.output<z.ZodObject<typeof CUSTOM_AGENT_SHAPE>>;

/** The tool arguments as the contract's CustomAgent (a compile error here means the two drifted). */
export function toCustomAgent(input: Input): CustomAgent {
  const agent: CustomAgent = { ...input };
  for (const key of Object.keys(agent) as (keyof CustomAgent)[]) if (agent[key] === undefined) delete agent[key];
  return agent;
}
