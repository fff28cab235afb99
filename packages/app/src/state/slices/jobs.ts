// The jobs slice (model/jobs.ts): the Jobs view's data, and job.finished events folded into it.

import type { JobStatus } from '@open-cowork/contracts';
import type { JobsActions, JobsData } from '../model/jobs.js';
import type { EventFollower, EventOf, SliceContext } from '../slice.js';

/** The list with `status` in place of the job it describes (or first, for a job not listed yet). */
function withStatus(list: readonly JobStatus[], status: JobStatus): JobStatus[] {
  return list.some((job) => job.jobId === status.jobId) ? list.map((job) => (job.jobId === status.jobId ? status : job)) : [status, ...list];
}

export function jobsSlice({ host, set, get }: SliceContext<JobsData>): JobsActions {
  const load = async (withSessions: boolean): Promise<void> => {
    set((s) => ({ jobs: { ...s.jobs, load: s.jobs.load === 'ready' ? 'ready' : 'loading' } }));
    try {
      const [{ jobs }, sessions] = await Promise.all([host['jobs.list']({}), withSessions ? host['jobs.sessions']({}).then((r) => r.sessions) : undefined]);
      set((s) => ({ jobs: { list: jobs, sessions: sessions ?? s.jobs.sessions, load: 'ready' } }));
    } catch (error) {
      set((s) => ({ jobs: { ...s.jobs, load: 'error' } }));
      throw error;
    }
  };
  const loadJobs = () => load(true);
  return {
    loadJobs,
    refreshJobs: () => load(false),
    async startJob(prompt, sessionId) {
      const started = await host['jobs.start']({ prompt, ...(sessionId ? { sessionId } : {}) });
      await loadJobs();
      return started.jobId;
    },
    async cancelJob(jobId) {
      const status = await host['jobs.cancel']({ jobId });
      set({ jobs: { ...get().jobs, list: withStatus(get().jobs.list, status) } });
    },
  };
}

/** A job that ended shows so at once; its tail and workspace arrive with the next load. */
export const jobEvents: EventFollower<EventOf<'job.finished'>, JobsData> = {
  types: ['job.finished'],
  begin(state) {
    let list = state.jobs.list;
    return {
      apply({ payload }) {
        list = list.map((job) =>
          job.jobId === payload.jobId
            ? {
                ...job,
                status: payload.state,
                elapsedSeconds: payload.elapsedSeconds,
                outputSize: payload.outputBytes,
                activityState: 'idle',
                ...(payload.exitReason !== undefined ? { exitReason: payload.exitReason } : {}),
                ...(payload.error !== undefined ? { error: payload.error } : {}),
              }
            : job,
        );
      },
      changes: () => (list === state.jobs.list ? {} : { jobs: { ...state.jobs, list } }),
    };
  },
};
