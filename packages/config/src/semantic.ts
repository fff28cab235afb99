import { ConfigErrorCode, type ConfigIssue, type IssueSeverity } from './issues.js';
import { LIST_IDENTITIES, recordIdentity } from './merge-rules.js';
import { joinPointer } from './pointer.js';
import { list, obj, str, strings, type Obj } from './shape.js';

/** OpenCode's own agents: a configured agent may not take their names. */
const RESERVED_AGENT_NAMES = new Set(['build', 'plan', 'general', 'explore', 'compaction', 'title', 'summary']);

type Report = (code: ConfigIssue['code'], pointer: string, message: string, severity?: IssueSeverity) => void;

/**
 * Cross-reference checks over a merged config: the rules JSON Schema cannot express.
 * Pointers refer to the merged document; the loader maps them back to the layer's file.
 */
export function semanticIssues(config: unknown, file: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const report: Report = (code, pointer, message, severity = 'error') => {
    issues.push({ code, severity, file, pointer, message });
  };
  const root = obj(config);
  checkProviders(obj(root['providers']), report);
  checkSkills(list(root['skills']), report);
  checkMcps(list(root['mcps']), report);
  checkReferences(root, report);
  checkAuthAndUpdates(root, report);
  checkBranding(obj(root['branding']), report);
  return issues;
}

function providerModels(providers: Obj, id: string): string[] | undefined {
  const descriptor = obj(obj(providers['descriptors'])[id]);
  const custom = obj(obj(providers['custom'])[id]);
  const ids = [
    ...list(descriptor['models']).flatMap((model) => str(obj(model)['id']) ?? []),
    ...Object.keys(obj(custom['models'])),
  ];
  return ids.length > 0 ? ids : undefined;
}

/** True when `model` names one of `models`, written as "model" or "provider/model". */
function modelListed(models: readonly string[], provider: string, model: string): boolean {
  return models.includes(model) || (model.startsWith(`${provider}/`) && models.includes(model.slice(provider.length + 1)));
}

function checkProviders(providers: Obj, report: Report): void {
  const descriptors = obj(providers['descriptors']);
  const custom = obj(providers['custom']);
  const available = strings(providers['available']);
  available.forEach((id, index) => {
    if (!Object.hasOwn(descriptors, id) && !Object.hasOwn(custom, id)) {
      report(
        ConfigErrorCode.ProviderUnknown,
        `/providers/available/${index}`,
        `Provider "${id}" is listed as available but has no entry in providers.descriptors or providers.custom; add one, or remove it from the list.`,
      );
    }
  });

  const defaultProvider = str(providers['defaultProvider']);
  if (defaultProvider !== undefined && !available.includes(defaultProvider)) {
    report(
      ConfigErrorCode.DefaultProviderUnavailable,
      '/providers/defaultProvider',
      `The default provider "${defaultProvider}" is not in providers.available (${available.join(', ') || 'empty'}).`,
    );
  }
  const defaultModel = str(providers['defaultModel']);
  if (defaultProvider !== undefined && defaultModel !== undefined) {
    const models = providerModels(providers, defaultProvider);
    if (models !== undefined && !modelListed(models, defaultProvider, defaultModel)) {
      report(
        ConfigErrorCode.DefaultModelUnknown,
        '/providers/defaultModel',
        `The default model "${defaultModel}" is not among the models listed for provider "${defaultProvider}" (${models.join(', ')}).`,
      );
    }
  }
  for (const [section, entries] of [['descriptors', descriptors], ['custom', custom]] as const) {
    for (const [id, entry] of Object.entries(entries)) {
      checkCredentialFields(list(obj(entry)['credentials']).map(obj), `/providers/${section}/${id}/credentials`, `provider "${id}"`, report);
    }
  }
  for (const [id, descriptor] of Object.entries(descriptors)) {
    const localDefault = str(obj(descriptor)['defaultModel']);
    const models = providerModels(providers, id);
    if (localDefault !== undefined && models !== undefined && !modelListed(models, id, localDefault)) {
      // With a live catalog the model may well exist; the app then uses it if it does.
      const live = obj(descriptor)['dynamicCatalog'] !== undefined;
      report(
        ConfigErrorCode.DefaultModelUnknown,
        `/providers/descriptors/${id}/defaultModel`,
        `Provider "${id}" names "${localDefault}" as its default model, but its models list does not contain it (${models.join(', ')})${live ? '; it is used only if the live catalog lists it' : ''}.`,
        live ? 'warning' : 'error',
      );
    }
  }
}

function checkMcps(mcps: unknown[], report: Report): void {
  mcps.forEach((entry, index) => {
    const mcp = obj(entry);
    const at = `/mcps/${index}`;
    const name = str(mcp['name']) ?? `#${index}`;
    const hasCommand = list(mcp['command']).length > 0 || str(mcp['packageName']) !== undefined;
    const url = str(mcp['url']);
    if (mcp['type'] === 'local') {
      if (!hasCommand) {
        report(ConfigErrorCode.McpCommandMissing, at, `Local MCP "${name}" needs a "command" (argv list) or a bundled "packageName".`);
      }
      if (url !== undefined) {
        report(ConfigErrorCode.McpFieldMismatch, `${at}/url`, `MCP "${name}" is local; "url" applies only to remote MCPs.`);
      }
    } else if (mcp['type'] === 'remote') {
      if (url === undefined) {
        report(ConfigErrorCode.McpUrlMissing, at, `Remote MCP "${name}" needs a "url".`);
      } else if (!isAllowedRemoteUrl(url)) {
        report(
          ConfigErrorCode.InsecureUrl,
          `${at}/url`,
          `Remote MCP "${name}" must use https://, or plain http:// only to a loopback address (127.0.0.1, ::1, localhost); got "${url}".`,
        );
      }
      if (hasCommand) {
        report(ConfigErrorCode.McpFieldMismatch, at, `MCP "${name}" is remote; "command" and "packageName" apply only to local MCPs.`);
      }
    }
    checkCredentialFields(list(mcp['credentials']).map(obj), `${at}/credentials`, `MCP "${name}"`, report);
    checkCredentialMappings(mcp, at, name, report);
  });
}

const SKILL_ID = /^[a-z0-9][a-z0-9-]*$/;

/** Without sourceName, a skill's name is also its id, and must be written like one. */
function checkSkills(skills: unknown[], report: Report): void {
  skills.forEach((entry, index) => {
    const skill = obj(entry);
    const name = str(skill['name']);
    if (str(skill['sourceName']) !== undefined || name === undefined || SKILL_ID.test(name)) return;
    report(
      ConfigErrorCode.SchemaViolation,
      `/skills/${index}/name`,
      `Skill name "${name}" is also the skill's id here, so it must use lower-case letters, digits and hyphens. Add "sourceName" with the id (the skill's folder name) to keep "${name}" as the label.`,
    );
  });
}

function isAllowedRemoteUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'https:') return true;
  if (parsed.protocol !== 'http:') return false;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Select and radio fields need options; a `when` must name another field of the same form. */
function checkCredentialFields(fields: readonly Obj[], at: string, owner: string, report: Report): void {
  const keys = new Set(fields.flatMap((field) => str(field['key']) ?? []));
  fields.forEach((field, index) => {
    const fieldAt = `${at}/${index}`;
    const type = str(field['type']) ?? 'text';
    if ((type === 'select' || type === 'radio') && list(field['options']).length === 0) {
      report(
        ConfigErrorCode.CredentialOptionsMissing,
        `${fieldAt}/options`,
        `Credential field "${str(field['key']) ?? index}" of ${owner} is a ${type} and needs at least one entry in "options".`,
      );
    }
    const whenKey = str(obj(field['when'])['key']);
    if (whenKey !== undefined && (!keys.has(whenKey) || whenKey === field['key'])) {
      report(
        ConfigErrorCode.ReferenceUnknown,
        `${fieldAt}/when/key`,
        `"when" refers to credential "${whenKey}", which is not another credential field of ${owner} (fields: ${[...keys].join(', ') || 'none'}).`,
      );
    }
  });
}

function checkCredentialMappings(mcp: Obj, at: string, name: string, report: Report): void {
  const keys = new Set(list(mcp['credentials']).flatMap((field) => str(obj(field)['key']) ?? []));
  for (const mapping of ['envSettings', 'headerSettings'] as const) {
    list(mcp[mapping]).forEach((entry, index) => {
      const key = str(obj(entry)['key']);
      if (key !== undefined && !keys.has(key)) {
        report(
          ConfigErrorCode.ReferenceUnknown,
          `${at}/${mapping}/${index}/key`,
          `${mapping} of MCP "${name}" maps credential "${key}", which is not declared in its "credentials" (declared: ${[...keys].join(', ') || 'none'}).`,
        );
      }
    });
  }
}

function checkReferences(root: Obj, report: Report): void {
  const toolIds = new Set(list(root['tools']).flatMap((tool) => str(obj(tool)['id']) ?? []));
  const skillNames = new Set(list(root['skills']).flatMap((skill) => recordIdentity(skill, LIST_IDENTITIES['/skills'] ?? []) ?? []));
  const providers = obj(root['providers']);
  const knownProviders = new Set([
    ...strings(providers['available']),
    ...Object.keys(obj(providers['descriptors'])),
    ...Object.keys(obj(providers['custom'])),
  ]);

  const checkIds = (values: unknown, known: Set<string>, at: string, what: string, section: string): void => {
    strings(values).forEach((value, index) => {
      if (!known.has(value)) {
        report(ConfigErrorCode.ReferenceUnknown, joinPointer(at, index), `Unknown ${what} "${value}": it is not declared in ${section}.`);
      }
    });
  };
  const checkModel = (value: unknown, at: string): void => {
    const model = str(value);
    const provider = model?.split('/')[0];
    if (model !== undefined && provider !== undefined && !knownProviders.has(provider)) {
      report(
        ConfigErrorCode.ReferenceUnknown,
        at,
        `Model "${model}" belongs to provider "${provider}", which this config does not declare; the runtime may not be able to reach it.`,
        'warning',
      );
    }
  };

  list(root['skills']).forEach((skill, index) => checkIds(obj(skill)['toolIds'], toolIds, `/skills/${index}/toolIds`, 'tool id', 'tools'));
  for (const section of ['agents', 'agentStarterTemplates'] as const) {
    list(root[section]).forEach((entry, index) => {
      const at = `/${section}/${index}`;
      const record = obj(entry);
      checkIds(record['toolIds'], toolIds, `${at}/toolIds`, 'tool id', 'tools');
      checkIds(record['skillNames'], skillNames, `${at}/skillNames`, 'skill', 'skills');
      checkModel(record['model'], `${at}/model`);
      const name = str(record['name']);
      if (section === 'agents' && name !== undefined && RESERVED_AGENT_NAMES.has(name)) {
        report(
          ConfigErrorCode.AgentNameReserved,
          `${at}/name`,
          `"${name}" is the name of a built-in agent; tune it under builtInAgents.${name} instead, or pick another name.`,
        );
      }
    });
  }
  for (const [name, agent] of Object.entries(obj(root['builtInAgents']))) checkModel(obj(agent)['model'], `/builtInAgents/${name}/model`);
  checkModel(obj(obj(root['compaction'])['agent'])['model'], '/compaction/agent/model');
}

function checkAuthAndUpdates(root: Obj, report: Report): void {
  const auth = obj(root['auth']);
  const signIn = auth['mode'] === 'google-oauth';
  if (signIn && str(obj(auth['googleOAuth'])['clientId']) === undefined) {
    report(
      ConfigErrorCode.AuthIncomplete,
      '/auth/googleOAuth/clientId',
      'auth.mode is "google-oauth" but auth.googleOAuth.clientId is not set; use your own OAuth client, e.g. "{env:ACME_GOOGLE_OAUTH_CLIENT_ID}".',
    );
  }
  const updates = obj(root['updates']);
  const source = obj(updates['releaseSource']);
  const sourceAuth = obj(source['auth']);
  if (source['kind'] === 'gcs' && sourceAuth['kind'] === 'google-oauth') {
    if (!signIn) {
      report(
        ConfigErrorCode.AuthIncomplete,
        '/updates/releaseSource/auth/kind',
        'The update feed uses the Google sign-in ("google-oauth"), but auth.mode is not "google-oauth"; enable sign-in or use a "signed-url-broker".',
      );
    } else {
      const granted = obj(auth['googleOAuth'])['scopes'];
      if (Array.isArray(granted)) {
        strings(sourceAuth['requiredScopes']).forEach((scope, index) => {
          if (!strings(granted).includes(scope)) {
            report(
              ConfigErrorCode.AuthIncomplete,
              `/updates/releaseSource/auth/requiredScopes/${index}`,
              `The update feed needs scope "${scope}", which auth.googleOAuth.scopes does not request.`,
            );
          }
        });
      }
    }
  }
}

function checkBranding(branding: Obj, report: Report): void {
  const lower = obj(obj(branding['sidebar'])['lower']);
  if (str(lower['linkLabel']) !== undefined && str(lower['linkUrl']) === undefined) {
    report(
      ConfigErrorCode.MissingProperty,
      '/branding/sidebar/lower/linkUrl',
      'branding.sidebar.lower.linkLabel is set but linkUrl is not, so no link is shown; add an https:// or mailto: linkUrl, or remove the label.',
      'warning',
    );
  }
  const top = obj(obj(branding['sidebar'])['top']);
  const variant = str(top['variant']);
  if ((variant === 'logo' || variant === 'logo-text') && str(top['logoAsset']) === undefined && str(branding['logoDataUrl']) === undefined) {
    report(
      ConfigErrorCode.AssetNotFound,
      '/branding/sidebar/top/variant',
      `The sidebar variant "${variant}" shows a logo, but no branding.sidebar.top.logoAsset (or legacy branding.logoDataUrl) is set; the sidebar falls back to the ${str(top['icon']) === undefined ? 'app icon' : 'icon mark'} and text.`,
      'warning',
    );
  }
}
