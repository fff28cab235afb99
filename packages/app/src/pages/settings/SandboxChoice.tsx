// Settings → About: which sandbox the runtime starts in. "none" is an explicit choice that says
// what it gives up; a sandbox the app's configuration fixes is shown but cannot be changed.
import type { SandboxChoice as Choice } from '@open-cowork/contracts';
import type { MessageKey } from '../../i18n/en.js';
import { useActions, useAppState, useT } from '../../ui/context.js';
import { messageOf } from '../../ui/errors.js';

const CHOICES: readonly Choice[] = ['auto', 'bwrap', 'podman', 'docker', 'macos', 'none'];
const CHOICE_KEYS: Readonly<Record<Choice, MessageKey>> = {
  auto: 'settings.sandboxChoice.auto',
  bwrap: 'settings.sandboxChoice.bwrap',
  podman: 'settings.sandboxChoice.podman',
  docker: 'settings.sandboxChoice.docker',
  macos: 'settings.sandboxChoice.macos',
  none: 'settings.sandboxChoice.none',
};

export function SandboxChoice() {
  const t = useT();
  const settings = useAppState((s) => s.settings);
  const { updateSettings, notify } = useActions();
  if (settings === undefined) return null;
  const locked = settings.permissionCeilings.sandbox !== undefined;
  const choose = (sandbox: Choice) =>
    updateSettings({ sandbox })
      .then(() => notify(t.t('settings.sandboxChoice.saved')))
      .catch((e: unknown) => notify(t.t('common.error', { message: messageOf(e) }), 'error'));
  return (
    <div className="sandbox-choice">
      <select aria-label={t.t('settings.sandboxChoice')} value={settings.sandbox} disabled={locked} onChange={(e) => void choose(e.target.value as Choice)}>
        {CHOICES.map((choice) => (
          <option key={choice} value={choice}>
            {t.t(CHOICE_KEYS[choice])}
          </option>
        ))}
      </select>
      {locked && <p className="muted small">{t.t('settings.sandboxChoice.locked')}</p>}
      {settings.sandbox === 'none' && (
        <p className="banner tone-danger" role="note">
          {t.t('settings.sandboxChoice.noneWarning')}
        </p>
      )}
    </div>
  );
}
