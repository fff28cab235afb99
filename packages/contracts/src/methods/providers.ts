import type { MethodSpec } from '../contract.js';
import { HostErrorCode } from '../errors.js';
import { array, integer, noParams, object, oneOfStrings, ref, string, text } from '../schemas/build.js';

const providerId = ref('ProviderId', 'The provider.');
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
      },
      ['providers'],
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
