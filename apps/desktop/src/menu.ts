// The application menu: the platform's standard roles (so copy, paste, undo, window
// management and quitting behave as users expect) under the product's name, and a Help
// entry when the config names a help page.
import type { MenuItemConstructorOptions } from 'electron';

export interface AppMenuOptions {
  readonly productName: string;
  readonly platform: NodeJS.Platform;
  /** branding.helpUrl: opened in the system browser from Help. */
  readonly helpUrl?: string | undefined;
  /** Development builds get Reload and the developer tools. */
  readonly developer: boolean;
  readonly openExternal: (url: string) => void;
}

export function appMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const { productName } = options;
  const mac = options.platform === 'darwin';
  const separator: MenuItemConstructorOptions = { type: 'separator' };
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: productName,
      submenu: [
        { role: 'about', label: `About ${productName}` },
        separator,
        { role: 'services' },
        separator,
        { role: 'hide', label: `Hide ${productName}` },
        { role: 'hideOthers' },
        { role: 'unhide' },
        separator,
        { role: 'quit', label: `Quit ${productName}` },
      ],
    });
  } else {
    template.push({ label: 'File', submenu: [{ role: 'quit' }] });
  }
  template.push({
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
      { role: 'delete' },
      { role: 'selectAll' },
    ],
  });
  template.push({
    label: 'View',
    submenu: [
      ...(options.developer ? [{ role: 'reload' } as const, { role: 'toggleDevTools' } as const, separator] : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  });
  template.push({
    role: 'window',
    submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
  });
  const helpUrl = options.helpUrl;
  template.push({
    role: 'help',
    submenu: helpUrl === undefined ? [] : [{ label: `${productName} Help`, click: () => options.openExternal(helpUrl) }],
  });
  return template;
}
