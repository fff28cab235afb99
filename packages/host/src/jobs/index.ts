// Isolated session jobs in the host (jobs.*, job.finished). See docs/jobs.md.
export { finishedEvent, HostJobs, hostErrorOf, sessionConfigFrom, type HostJobsOptions } from './service.js';
export { jobHandlers, registerJobs } from './register.js';
