import type { AppInfo } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
import { createTranslator, fill } from '../src/i18n/i18n.js';

function info(overrides: Partial<AppInfo> = {}): AppInfo {
  return {
    name: 'Acme Cowork',
    version: '1.0.0',
    contractVersion: 1,
    branding: { name: 'Acme Cowork', productName: 'Acme Cowork', home: { greeting: 'Hi from {{brand}}', statusReadyLabel: 'Connected' } },
    i18n: { locale: 'de-DE', strings: {} },
    features: { updates: false, telemetry: false, webSearch: true, signIn: false },
    toolTrace: { additionalRules: [] },
    ...overrides,
  };
}

describe('translator', () => {
  it('fills {{brand}} and named slots, leaving unknown slots visible', () => {
    expect(fill('{{brand}} has {{count}} {{missing}}', { brand: 'X', count: 2 })).toBe('X has 2 {{missing}}');
  });

  it('uses English without app info', () => {
    const t = createTranslator(undefined);
    expect(t.t('composer.send')).toBe('Send');
    expect(t.t('home.greeting')).toBe('What should Open Cowork work on today?');
  });

  it('lays branding.home over English and i18n.strings over both', () => {
    const base = info();
    let t = createTranslator(base);
    expect(t.t('home.greeting')).toBe('Hi from Acme Cowork');
    expect(t.t('home.statusReadyLabel')).toBe('Connected');
    expect(t.t('home.subtitle')).toBe('Ask a question, share a file, or hand a task to one of your agents.');

    t = createTranslator(info({ i18n: { locale: 'de-DE', strings: { 'home.greeting': 'Hallo von {{brand}}', 'composer.send': 'Senden' } } }));
    expect(t.t('home.greeting')).toBe('Hallo von Acme Cowork');
    expect(t.t('composer.send')).toBe('Senden');
  });

  it('formats numbers and dates for i18n.locale', () => {
    const t = createTranslator(info());
    expect(t.locale).toBe('de-DE');
    expect(t.number(1234567.5)).toBe('1.234.567,5');
    expect(t.date(Date.UTC(2024, 0, 31, 12), { timeZone: 'UTC', dateStyle: 'short' })).toBe('31.01.24');
    const en = createTranslator(info({ i18n: { locale: 'en-GB', strings: {} } }));
    expect(en.number(1234.5)).toBe('1,234.5');
    expect(en.relative(Date.now() - 5 * 60_000)).toBe('5 minutes ago');
  });
});
