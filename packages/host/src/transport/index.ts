// The host's HTTP/SSE transport: POST /api/<method>, GET /api/events, the renderer at /.
export { createHostServer, hostAllowed, isLoopbackHost, type HostServer, type HostServerOptions, type HostEventSource, type RequestLogEntry } from './server.js';
export { statusOfCode, TransportErrorCode, toErrorResponse, type ErrorResponse } from './errors.js';
export { createTokenVerifier, generateToken } from './auth.js';
export { FailureLimiter, type FailureLimiterOptions, type LimitState } from './rate-limit.js';
export { EventBuffer, defaultFirstEventId, type BufferedEvent, type EventBufferOptions, type Replay } from './event-buffer.js';
export { RESYNC_EVENT, SseHub, type SseHubOptions } from './sse.js';
export { CONTENT_SECURITY_POLICY } from './respond.js';
