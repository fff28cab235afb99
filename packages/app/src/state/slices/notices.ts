// The notices slice (model/notices.ts).

import type { NoticesActions, NoticesData } from '../model/notices.js';
import type { SliceContext } from '../slice.js';

export function noticesSlice({ set }: SliceContext<NoticesData>): NoticesActions {
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
