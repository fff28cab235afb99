import type { MethodSpec } from '../contract.js';
import { HostErrorCode } from '../errors.js';
import { array, boolean, integer, noParams, object, oneOfStrings, ref, string, text } from '../schemas/build.js';

const providerId = ref('ProviderId', 'The provider.');
const configProblems = array(
  'Problems of the user\'s config file as last read (a hand edit that did not apply); empty or unset when it applied.',
  ref('ConfigProblem', 'One problem.'),
);
const endpoint = {
  baseURL: text('The endpoint\'s base URL, e.g. "http://127.0.0.1:11434/v1" (http or https).', { maxLength: 2048 }),
  apiKey: text('The API key; unset: the key stored for `providerId`, if any, else none.', { maxLength: 16_384 }),
  providerId: ref('ProviderId', 'A provider whose stored key may be used.'),
};
const method = integer('Index of the method in providers.authMethods\' list.', { minimum: 0 });

export const PROVIDER_METHODS = {
  'providers.list': {
    description: 'Providers offered, the runtime\'s live catalog laid over the configured descriptors. Secret credentials are masked.',
    params: noParams(),
    result: object(
      'The providers.',
      {
        providers: array('In the config\'s order, then any others the runtime reports.', ref('Provider', 'One provider.')),
        defaultModel: ref('ModelRef', 'The model new chats use unless the settings pick another.'),
        configProblems,
      },
      ['providers'],
    ),
    errors: [],
  },
  'providers.saveCustom': {
    description:
      'Add or change an OpenAI-compatible provider in the user\'s config file (providers.custom and providers.available), its API key in the encrypted settings like any credential. Applies without a host restart; the runtime reloads its config in place.',
    params: object(
      'The provider.',
      {
        id: ref('ProviderId', 'Its id; a provider the lower config layers already define cannot be replaced.'),
        name: text('Display name.', { maxLength: 200 }),
        baseURL: endpoint.baseURL,
        apiKey: text('The API key; unset keeps the stored one, an empty string clears it.', { maxLength: 16_384 }),
        models: array('Model ids it serves, at least one.', text('A model id.', { maxLength: 300 }), { minItems: 1, maxItems: 500 }),
      },
      ['id', 'name', 'baseURL', 'models'],
    ),
    result: ref('Provider', 'The provider, its key masked.'),
    errors: [HostErrorCode.Conflict, HostErrorCode.ValidationFailed],
  },
  'providers.fetchModels': {
    description: 'Ask an OpenAI-compatible endpoint for its models (GET <baseURL>/models). The key is sent to that endpoint only.',
    params: object('The endpoint.', endpoint, ['baseURL']),
    result: object('Its models.', { models: array('Model ids, as the endpoint lists them.', text('A model id.')) }, ['models']),
    errors: [HostErrorCode.RuntimeRequestFailed],
  },
  'providers.test': {
    description: 'Send one short real prompt to an OpenAI-compatible endpoint (POST <baseURL>/chat/completions) and say whether it answered.',
    params: object('The endpoint and model.', { ...endpoint, model: text('The model id to ask.', { maxLength: 300 }) }, ['baseURL', 'model']),
    result: object(
      'The outcome.',
      {
        ok: boolean('It answered.'),
        reply: string('The start of the answer.'),
        problem: string('Why not: the HTTP status and the endpoint\'s message, or the network error.'),
      },
      ['ok'],
    ),
    errors: [],
  },
  'providers.refresh': {
    description:
      'Ask the running runtime for its provider and model catalog again, then answer like providers.list. Unlike providers.list it fails (RUNTIME_NOT_READY, RUNTIME_REQUEST_FAILED) instead of falling back to the configured providers when the runtime cannot answer. OpenCode builds its catalog when it starts (with fetching models over the network switched off); a runtime.restart rebuilds it. Providers with a dynamic catalog (descriptors\' dynamicCatalog) have it fetched again first, connected or not; each falls back to its cache or its static models on its own, and the answer says so in Provider.catalog.',
    params: noParams(),
    result: object(
      'The providers.',
      {
        providers: array('In the config\'s order, then any others the runtime reports.', ref('Provider', 'One provider.')),
        defaultModel: ref('ModelRef', 'The model new chats use unless the settings pick another.'),
        configProblems,
      },
      ['providers'],
    ),
    errors: [HostErrorCode.RuntimeNotReady, HostErrorCode.RuntimeRequestFailed],
  },
  'providers.setCredential': {
    description: 'Store one credential (secrets encrypted). The runtime restarts to pick it up.',
    params: object(
      'The credential.',
      {
        providerId,
        key: ref('CredentialKey', 'Which credential field.'),
        value: text('The value; never echoed back in plain text when secret.', { maxLength: 16_384 }),
      },
      ['providerId', 'key', 'value'],
    ),
    result: ref('Provider', 'The provider, with the credential masked.'),
    errors: [HostErrorCode.NotFound, HostErrorCode.SecretKeyInsecure, HostErrorCode.SecretKeyDamaged],
  },
  'providers.clearCredential': {
    description: 'Forget one credential, or all of a provider\'s when no key is given. The runtime restarts to drop it.',
    params: object('Which credential.', { providerId, key: ref('CredentialKey', 'The field; unset clears them all.') }, ['providerId']),
    result: ref('Provider', 'The provider afterwards.'),
    errors: [HostErrorCode.NotFound],
  },
  'providers.authMethods': {
    description: 'The ways the runtime offers to connect a provider (API key, OAuth sign-ins).',
    params: object('The provider.', { providerId }, ['providerId']),
    result: object('The methods.', { methods: array('In the runtime\'s order; refer to one by its index.', ref('AuthMethod', 'One method.')) }, ['methods']),
    errors: [HostErrorCode.NotFound, HostErrorCode.RuntimeNotReady, HostErrorCode.RuntimeRequestFailed],
  },
  'providers.oauthStart': {
    description: 'Begin an OAuth sign-in. Open `url` in a browser; then call providers.oauthFinish (with the code the page shows when mode is "code").',
    params: object('The provider and method.', { providerId, method }, ['providerId', 'method']),
    result: object(
      'Where to sign in.',
      {
        url: text('The sign-in page.'),
        instructions: string('What to tell the user (e.g. a device code to enter).'),
        mode: oneOfStrings(['auto', 'code'], '"auto": the sign-in completes by itself; "code": the user pastes a code into oauthFinish.'),
      },
      ['url', 'mode'],
    ),
    errors: [HostErrorCode.NotFound, HostErrorCode.RuntimeNotReady, HostErrorCode.RuntimeRequestFailed],
  },
  'providers.oauthFinish': {
    description: 'Complete an OAuth sign-in begun with providers.oauthStart ("auto" mode waits for it).',
    params: object(
      'The provider, method and code.',
      { providerId, method, code: text('"code" mode: the code the sign-in page showed.', { maxLength: 4096 }) },
      ['providerId', 'method'],
    ),
    result: ref('Provider', 'The provider, now connected.'),
    errors: [HostErrorCode.NotFound, HostErrorCode.RuntimeNotReady, HostErrorCode.RuntimeRequestFailed],
  },
} as const satisfies Record<string, MethodSpec>;
