import { describe, expect, it } from 'vitest';
import { appMenuTemplate } from '../src/menu.js';

describe('the app menu', () => {
  it('on macOS: the standard roles under the product name', () => {
    const template = appMenuTemplate({ productName: 'Acme Cowork', platform: 'darwin', developer: false, openExternal: () => undefined });
    expect(template.map((item) => item.label ?? item.role)).toEqual(['Acme Cowork', 'Edit', 'View', 'window', 'help']);
    const appMenu = template[0]?.submenu as Array<{ role?: string; label?: string }>;
    expect(appMenu.filter((item) => item.role).map((item) => item.role)).toEqual(['about', 'services', 'hide', 'hideOthers', 'unhide', 'quit']);
    expect(appMenu.find((item) => item.role === 'quit')?.label).toBe('Quit Acme Cowork');
    expect(JSON.stringify(template)).not.toContain('toggleDevTools');
  });

  it('offers Help when the config names a page, opening it outside the app', () => {
    const opened: string[] = [];
    const template = appMenuTemplate({ productName: 'Acme', platform: 'darwin', developer: false, helpUrl: 'https://help.acme.example', openExternal: (url) => opened.push(url) });
    const help = template.find((item) => item.role === 'help')?.submenu as Array<{ label: string; click: () => void }>;
    expect(help[0]?.label).toBe('Acme Help');
    help[0]?.click();
    expect(opened).toEqual(['https://help.acme.example']);
  });

  it('elsewhere: a File menu instead of the app menu; developer tools only in development', () => {
    const template = appMenuTemplate({ productName: 'Acme', platform: 'linux', developer: true, openExternal: () => undefined });
    expect(template[0]?.label).toBe('File');
    expect(JSON.stringify(template)).toContain('toggleDevTools');
  });
});
