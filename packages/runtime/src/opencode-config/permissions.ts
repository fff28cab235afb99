// The user's capability choices, clamped by the app config's ceilings, as OpenCode
// permission rules. These rules go into the top-level `permission`, which OpenCode merges
// into every agent, so they are the floor of safety for agents this module never sees.

import type { OpenCoworkConfig } from '@open-cowork/config';
import type { PermissionCapability, PermissionChoice, RuntimeSettings } from '../settings.js';
import { RuleList, stricter, type Level } from './rules.js';

/** OpenCode permissions whose level the user's Settings decide (in the order they are written). */
export const CAPABILITY_KEYS = ['bash', 'edit', 'task', 'webfetch', 'codesearch', 'websearch'] as const;
export type CapabilityKey = (typeof CAPABILITY_KEYS)[number];

export interface Capabilities {
  /** The effective level of each capability permission. */
  readonly levels: Readonly<Record<CapabilityKey, Level>>;
  /** Whether OpenCode's Exa-backed websearch is switched on (OPENCODE_ENABLE_EXA=1). */
  readonly webSearch: boolean;
}

const CHOICE_LEVELS: Readonly<Record<PermissionChoice, Level>> = { off: 'deny', ask: 'ask', allow: 'allow' };

/** A Settings choice as a level. Unset (a fresh profile) and unrecognised values mean Ask. */
export function choiceLevel(choice: PermissionChoice | undefined): Level {
  return choice !== undefined && Object.hasOwn(CHOICE_LEVELS, choice) ? CHOICE_LEVELS[choice] : 'ask';
}

/**
 * Effective levels: for each capability the stricter of the config's ceiling
 * (`permissions.bash|fileWrite|task|web`, default allow) and the user's choice.
 * `web` covers webfetch and codesearch. websearch follows `web` only while the config
 * enables it (`permissions.webSearch`), the user has not turned it off, and web is not
 * denied; otherwise it is denied and Exa stays off.
 */
export function resolveCapabilities(config: OpenCoworkConfig, settings: RuntimeSettings): Capabilities {
  const ceilings = config.permissions ?? {};
  const choices = settings.permissions ?? {};
  const level = (capability: PermissionCapability): Level =>
    stricter(ceilings[capability] ?? 'allow', choiceLevel(choices[capability]));
  const web = level('web');
  const webSearch = (ceilings.webSearch ?? true) && settings.webSearch !== false && web !== 'deny';
  return {
    levels: {
      bash: level('bash'),
      edit: level('fileWrite'),
      task: level('task'),
      webfetch: web,
      codesearch: web,
      websearch: webSearch ? web : 'deny',
    },
    webSearch,
  };
}

/** One plain rule per capability permission, at its effective level. */
export function capabilityRules(capabilities: Capabilities): RuleList {
  const rules = new RuleList();
  for (const key of CAPABILITY_KEYS) rules.set(key, capabilities.levels[key]);
  return rules;
}

/** Non-secret environment the runtime process needs for these capabilities. */
export function capabilityEnv(capabilities: Capabilities): Record<string, string> {
  return capabilities.webSearch ? { OPENCODE_ENABLE_EXA: '1' } : {};
}

/**
 * The top-level `permission`, least specific first: MCP trust (`<server>_*`), then the
 * tool catalog's allow/ask patterns, then the capabilities, which therefore have the last
 * word on bash, edit, task and the web tools whatever the catalog says.
 */
export function globalPermission(input: {
  readonly capabilities: Capabilities;
  readonly mcpTrust: RuleList;
  readonly catalog: RuleList;
}): RuleList {
  return new RuleList().append(input.mcpTrust).append(input.catalog).append(capabilityRules(input.capabilities));
}
