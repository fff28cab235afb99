import { useMemo, useState, type FormEvent } from 'react';
import { parsePairingInput } from '../host/token.js';
import { createTranslator } from '../i18n/i18n.js';
import { MarkIcon } from './icons.js';

export type PairingReason = 'rejected';

/** Shown in a browser without a token: paste the link or token `open-cowork start` printed. */
export function PairingScreen({ reason, onToken }: { reason: PairingReason | undefined; onToken: (token: string) => void }) {
  const t = useMemo(() => createTranslator(undefined), []);
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | undefined>(reason === 'rejected' ? t.t('pairing.rejected') : undefined);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parsePairingInput(value);
    if (parsed === undefined) {
      setProblem(t.t('pairing.invalid'));
      return;
    }
    if (parsed.origin !== undefined && parsed.origin !== window.location.origin) {
      setProblem(t.t('pairing.otherOrigin', { origin: parsed.origin }));
      return;
    }
    onToken(parsed.token);
  };

  return (
    <main className="centered-page">
      <form className="card pairing" onSubmit={submit} aria-labelledby="pairing-title">
        <MarkIcon size={40} />
        <h1 id="pairing-title">{t.t('pairing.title')}</h1>
        <p className="muted">{t.t('pairing.body')}</p>
        <label className="field">
          <span className="field-label">{t.t('pairing.label')}</span>
          <input
            type="password"
            autoComplete="off"
            spellCheck={false}
            autoFocus
            value={value}
            placeholder={t.t('pairing.placeholder')}
            onChange={(e) => setValue(e.target.value)}
            aria-invalid={problem !== undefined}
            aria-describedby={problem ? 'pairing-problem' : undefined}
          />
        </label>
        {problem && (
          <p id="pairing-problem" className="form-error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" className="button primary" disabled={value.trim() === ''}>
          {t.t('pairing.submit')}
        </button>
      </form>
    </main>
  );
}
