// Model providers: the app config's descriptors with the runtime's live catalog laid over them.
// Credentials are write-only: reads say whether a value is set and show secrets masked.

import type { JsonSchema } from '../contract.js';
import { array, boolean, integer, object, oneOfStrings, ref, string, text } from './build.js';

export const PROVIDER_DEFS = {
  CredentialKey: string('A credential key: a letter followed by letters, digits or underscores (e.g. "apiKey").', {
    pattern: '^[A-Za-z][A-Za-z0-9_]*$',
    maxLength: 64,
  }),
  ProviderCredential: object(
    'One credential field of a provider\'s connection form.',
    {
      key: ref('CredentialKey', 'Storage key and the option name passed to the provider.'),
      label: text('Field label.'),
      description: string('Help text under the field.'),
      placeholder: string('Hint shown in the empty field.'),
      type: oneOfStrings(['text', 'select', 'radio'], 'Input control; unset is text.'),
      options: array('Choices of select and radio fields.', ref('McpCredentialOptionView', 'One choice.')),
      when: ref('CredentialCondition', 'Shown only when another field has or lacks a value.'),
      secret: boolean('Secret values are stored encrypted and only ever read back masked.'),
      required: boolean('The provider cannot connect until this is set.'),
      set: boolean('Whether a value is stored.'),
      value: string('The stored value: masked (e.g. "sk-…a1b2") for secrets, plain otherwise. Absent when unset.'),
    },
    ['key', 'label', 'secret', 'required', 'set'],
  ),
  ProviderModel: object(
    'A model a provider offers.',
    {
      id: text('Provider-local model id, as the runtime expects it (e.g. "anthropic/claude-sonnet-4" for OpenRouter).'),
      name: text('Display name.'),
      contextLimit: integer('Context window in tokens, when known.', { minimum: 0 }),
      outputLimit: integer('Longest answer in tokens, when known.', { minimum: 0 }),
      description: string('What the model is for, from the app config or the provider\'s dynamic catalog.'),
      featured: boolean('Pinned at the top of the picker by the app config.'),
    },
    ['id', 'name', 'featured'],
  ),
  ModelCatalogStatus: object(
    'Where the models of a provider with a dynamic catalog (providers.descriptors.<id>.dynamicCatalog) came from this time.',
    {
      source: oneOfStrings(
        ['network', 'cache', 'static'],
        '"network": fetched by this host run; "cache": the copy on disk from an earlier fetch; "static": no catalog yet, only the config\'s models.',
      ),
      fetchedAt: ref('Timestamp', 'When the listed catalog was fetched (network and cache).'),
      stale: boolean('The listed catalog is older than its cacheTtlMinutes (a refetch is due or failed).'),
      models: integer('Models in the dynamic catalog (0 when static).', { minimum: 0 }),
      problem: string('Why the last fetch was not used (unreachable, timeout, hash mismatch, malformed, …). Names the endpoint by origin only.'),
    },
    ['source', 'stale', 'models'],
  ),
  Provider: object(
    'A model provider: configured presentation plus what the runtime knows.',
    {
      id: ref('ProviderId', 'The provider.'),
      name: text('Display name.'),
      description: string('One-line description for the provider card.'),
      configured: boolean('The app config describes it (it has a descriptor).'),
      connected: boolean('Usable now: its required credentials are set or the runtime reports it signed in. Never true while `setup` is set.'),
      setup: text('Set when it needs setup before it can be used: why (a required value is empty or invalid, e.g. a base URL whose {env:…} variable is unset). Names variables and fields, never values.'),
      credentials: array('Credential fields, with whether each is set.', ref('ProviderCredential', 'One field.')),
      models: array('Models, featured first.', ref('ProviderModel', 'One model.')),
      defaultModel: text('Provider-local id of the model selected when switching to this provider.'),
      catalog: ref('ModelCatalogStatus', 'The dynamic model catalog, for providers whose descriptor has one.'),
    },
    ['id', 'name', 'configured', 'connected', 'credentials', 'models'],
  ),
  ConfigProblem: object(
    'A problem with the user\'s config file, found when it was last read.',
    {
      file: text('The file.'),
      pointer: string('JSON pointer to the value (empty: the file as a whole).'),
      line: integer('1-based line, when known.', { minimum: 1 }),
      message: text('What is wrong.'),
    },
    ['file', 'pointer', 'message'],
  ),
  AuthMethod: object(
    'A way to connect a provider, as the runtime offers it.',
    {
      type: oneOfStrings(['api', 'oauth'], '"api": enter a key; "oauth": sign in through the browser.'),
      label: text('What to show, e.g. "ChatGPT Plus/Pro".'),
    },
    ['type', 'label'],
  ),
} as const satisfies Record<string, JsonSchema>;
