import type { MethodSpec } from '../contract.js';
import { array, noParams, object, ref } from '../schemas/build.js';

export const CAPABILITY_METHODS = {
  'capabilities.list': {
    description: 'What agents can use: the tool catalog, skills, and MCP servers with their live status (unknown while the runtime is not ready).',
    params: noParams(),
    result: object(
      'Tools, skills and MCP servers.',
      {
        tools: array('The tool catalog, in config order.', ref('CatalogTool', 'One entry.')),
        skills: array('Skills, by name.', ref('SkillInfo', 'One skill.')),
        mcps: array('MCP servers, by name.', ref('McpInfo', 'One server.')),
      },
      ['tools', 'skills', 'mcps'],
    ),
    errors: [],
  },
} as const satisfies Record<string, MethodSpec>;
