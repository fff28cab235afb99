// Notices: short messages shown over the app (the newest five), dismissed by the user or a timer.

import type { SliceContext } from '../slice.js';

export interface Notice {
  readonly id: number;
  readonly tone: 'info' | 'error';
  readonly message: string;
}

export interface NoticesData {
  readonly notices: readonly Notice[];
}

export interface NoticesActions {
  notify(message: string, tone?: Notice['tone']): void;
  dismissNotice(id: number): void;
}

export const NOTICES_DATA: NoticesData = { notices: [] };

export function noticesSlice({ set }: SliceContext): NoticesActions {
  let noticeId = 0;
  return {
    notify(message, tone = 'info') {
      noticeId += 1;
      const notice = { id: noticeId, tone, message };
      set((s) => ({ notices: [...s.notices.slice(-4), notice] }));
    },

    dismissNotice(id) {
      set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
    },
  };
}
