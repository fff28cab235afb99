// The models the runtime is configured with, worked out exactly as its config is built (the
// user's choice if its provider is on, else the config's default), so the host never guesses
// differently from the runtime.
import type { OpenCoworkConfig } from '@open-cowork/config';
import type { Settings } from '@open-cowork/contracts';
import { buildOpencodeConfig, type BundledResources } from '@open-cowork/runtime';

const NOTHING_BUNDLED: BundledResources = { mcpCommand: () => undefined, skillDirs: {} };

export interface ConfiguredModels {
  /** The chat model ("provider/model"), when the config or the settings name one. */
  readonly model?: string;
  /** The small-chores model, when the settings name one. */
  readonly smallModel?: string;
}

export function configuredModels(config: OpenCoworkConfig, settings: Pick<Settings, 'model' | 'smallModel' | 'enabledProviders'>): ConfiguredModels {
  const { model, smallModel, enabledProviders } = settings;
  const built = buildOpencodeConfig({
    config,
    settings: {
      ...(model !== undefined ? { model } : {}),
      ...(smallModel !== undefined ? { smallModel } : {}),
      ...(enabledProviders !== undefined ? { enabledProviders } : {}),
    },
    bundled: NOTHING_BUNDLED,
  }).config;
  return {
    ...(built.model !== undefined ? { model: built.model } : {}),
    ...(built.small_model !== undefined ? { smallModel: built.small_model } : {}),
  };
}
