// The jobs feature: jobs.* (isolated session jobs) over the host's JobsManager. The contract's
// camelCase params become the service's own names; the service checks every id again.
import type { HandlersFor } from '../dispatch/handlers.js';
import type { HostDispatcher } from '../dispatch/index.js';
import { hostErrorOf, type HostJobs } from './service.js';

type JobMethod = 'jobs.start' | 'jobs.status' | 'jobs.output' | 'jobs.cancel' | 'jobs.cleanup' | 'jobs.list' | 'jobs.sessions';

export function jobHandlers(jobs: HostJobs): HandlersFor<JobMethod> {
  const run = async <T>(work: (manager: Awaited<ReturnType<HostJobs['manager']>>) => Promise<T>): Promise<T> => {
    try {
      return await work(await jobs.manager());
    } catch (error) {
      throw hostErrorOf(error);
    }
  };
  const ref = (params: { jobId: string; sessionId?: string }) => ({ job_id: params.jobId, ...(params.sessionId !== undefined ? { session_id: params.sessionId } : {}) });
  return {
    'jobs.start': (params) =>
      run(async (manager) => {
        const started = await manager.start({ prompt: params.prompt, ...(params.sessionId !== undefined ? { session_id: params.sessionId } : {}), ...(params.requester !== undefined ? { requester: params.requester } : {}) });
        return { jobId: started.jobId, sessionId: started.sessionKey, status: started.status };
      }),
    'jobs.status': (params) => run((manager) => manager.status(ref(params))),
    'jobs.output': (params) => run((manager) => manager.output({ ...ref(params), offset: params.offset, limit: params.limit })),
    'jobs.cancel': (params) => run((manager) => manager.cancel(ref(params))),
    'jobs.cleanup': (params) =>
      run(async (manager) => {
        const report = await manager.cleanup({ delete_workspaces: params.deleteWorkspaces, idle_seconds: params.idleSeconds });
        return { removedSessions: [...report.removedSessions], deletedWorkspaces: [...report.deletedWorkspaces], stoppedServers: [...report.stoppedServers] };
      }),
    'jobs.list': (params) => run(async (manager) => ({ jobs: await manager.list({ session_id: params.sessionId, limit: params.limit }) })),
    'jobs.sessions': () => run(async (manager) => ({ sessions: await manager.sessions() })),
  };
}

export function registerJobs(dispatcher: Pick<HostDispatcher, 'register'>, jobs: HostJobs): void {
  dispatcher.register(jobHandlers(jobs));
}
