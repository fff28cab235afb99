// settings.get / settings.set over the settings store, and the store as the runtime's source
// of settings: the runtime restarts only when something it is built from changed.
import { CodedError, HostErrorCode, type HostErrorData, type HostIssue, type Settings } from '@open-cowork/contracts';
import type { HandlersFor } from '../dispatch/handlers.js';
import type { RuntimeSettingsSource } from '../runtime/host-runtime.js';
import type { SettingsStore } from './store.js';

export function settingsHandlers(options: { readonly settings: SettingsStore }): HandlersFor<'settings.get' | 'settings.set'> {
  const { settings } = options;
  return {
    'settings.get': () => settings.get(),
    'settings.set': async ({ patch }) => {
      try {
        return await settings.update(patch);
      } catch (error) {
        throw underPatch(error);
      }
    },
  };
}

/** The store names fields of the patch; the caller sent `{patch}`, so its pointers start at /patch. */
function underPatch(error: unknown): unknown {
  if (!(error instanceof CodedError) || error.code !== HostErrorCode.BadRequest) return error;
  const data = (error.data ?? {}) as Partial<HostErrorData['BAD_REQUEST']> & Record<string, unknown>;
  const pointer = `/patch${data.pointer ?? ''}`;
  const issues: HostIssue[] = (data.issues ?? [{ pointer: data.pointer ?? '', message: error.message }]).map((issue) => ({
    pointer: `/patch${issue.pointer}`,
    message: issue.message,
  }));
  return new CodedError(HostErrorCode.BadRequest, error.message, { ...data, pointer, issues });
}

/** The settings the runtime is built from (credentials aside): its config and its sandbox. */
function runtimeRelevant(settings: Settings): string {
  const { model, smallModel, enabledProviders, permissions, webSearch, sandbox } = settings;
  return JSON.stringify({ model, smallModel, enabledProviders, permissions, webSearch, sandbox });
}

/**
 * The store as HostRuntime's settings source. A change of appearance or language leaves the
 * runtime alone: a settings change counts only when it differs from what the running runtime
 * was built with. Credential changes always count.
 */
export function runtimeSettingsSource(store: SettingsStore, onError: (error: unknown) => void): RuntimeSettingsSource {
  let booted: string | undefined;
  return {
    async runtimeSettings() {
      const [settings, effective] = await Promise.all([store.runtimeSettings(), store.get()]);
      booted = runtimeRelevant(effective);
      return settings;
    },
    onChange(listener) {
      return store.onChange((change, settings) => {
        if (change === 'credentials') {
          listener('credentials');
          return;
        }
        // Decided at once, so a prompt right after the change already finds the reload due.
        if (settings !== undefined) {
          if (booted === undefined || runtimeRelevant(settings) !== booted) listener('settings');
          return;
        }
        store.get().then(
          (settings) => {
            if (booted === undefined || runtimeRelevant(settings) !== booted) listener('settings');
          },
          onError,
        );
      });
    },
  };
}
