// Notices: short messages shown over the app (the newest five), dismissed by the user or a timer.

export interface Notice {
  readonly id: number;
  readonly tone: 'info' | 'error';
  readonly message: string;
}

export interface NoticesData {
  readonly notices: readonly Notice[];
}

export const NOTICES_DATA: NoticesData = { notices: [] };

export interface NoticesActions {
  notify(message: string, tone?: Notice['tone']): void;
  dismissNotice(id: number): void;
}
