// The HTTP client of the host's agent bridge. The protocol is in ../README.md.

import type { Agent, CustomAgent } from '@open-cowork/contracts';
import { ToolError } from '@open-cowork/mcp-kit';
import type { BridgeConfig } from './config.js';

export interface PreviewResult {
  agent: Agent;
  warnings: string[];
}

type Fetch = typeof fetch;

export class AgentBridge {
  constructor(
    private readonly config: BridgeConfig,
    private readonly fetchImpl: Fetch = fetch,
    private readonly timeoutMs = 15_000,
  ) {}

  async list(): Promise<Agent[]> {
    const body = await this.request('GET', '/agents');
    const agents = (body as { agents?: unknown }).agents;
    if (!Array.isArray(agents)) throw new Error('the agent bridge answered GET /agents without an "agents" array');
    return agents as Agent[];
  }

  async preview(agent: CustomAgent): Promise<PreviewResult> {
    const body = (await this.request('POST', '/agents/preview', { agent })) as { agent?: unknown; warnings?: unknown };
    if (!isAgent(body.agent)) throw new Error('the agent bridge answered POST /agents/preview without an "agent"');
    const warnings = Array.isArray(body.warnings) ? body.warnings.filter((w): w is string => typeof w === 'string') : [];
    return { agent: body.agent, warnings };
  }

  async save(agent: CustomAgent): Promise<Agent> {
    const body = (await this.request('POST', '/agents/save', { agent })) as { agent?: unknown };
    if (!isAgent(body.agent)) throw new Error('the agent bridge answered POST /agents/save without an "agent"');
    return body.agent;
  }

  private async request(method: 'GET' | 'POST', route: string, payload?: unknown): Promise<unknown> {
    const url = this.config.baseUrl + route;
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers: {
          authorization: `Bearer ${this.config.token}`,
          accept: 'application/json',
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new ToolError(`The app's agent bridge did not answer ${method} ${route} within ${this.timeoutMs / 1000} s.`);
      }
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new ToolError(
        `Cannot reach the app's agent bridge at ${this.config.baseUrl} (${cause?.code ?? cause?.message ?? (error as Error).message}); is the app still running?`,
      );
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text === '' ? {} : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (response.status === 200) {
      if (body === undefined || body === null || typeof body !== 'object') {
        throw new Error(`the agent bridge answered ${method} ${route} with a body that is not a JSON object`);
      }
      return body;
    }
    throw bridgeError(response.status, body, text);
  }
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; details?: unknown };
}

/** The ToolError for a non-200 answer: status, the bridge's code and message, and validation details. */
export function bridgeError(status: number, body: unknown, text: string): ToolError {
  const error = (body as ErrorBody | undefined)?.error;
  const code = typeof error?.code === 'string' ? error.code : undefined;
  const message = typeof error?.message === 'string' && error.message !== '' ? error.message : text.trim().slice(0, 300) || 'no message';
  if (status === 422) {
    const details = formatDetails(error?.details);
    return new ToolError(`The agent definition was rejected (HTTP 422 ${code ?? 'VALIDATION_FAILED'}): ${message}${details ? `\n${details}` : ''}`);
  }
  if (status === 409) {
    return new ToolError(`The agent cannot be saved (HTTP 409 ${code ?? 'CONFLICT'}): ${message}. Built-in and configured agents are read-only; choose another name.`);
  }
  if (status === 401 || status === 403) {
    return new ToolError(`The agent bridge refused this server's token (HTTP ${status}): ${message}. Restarting the runtime gives it a fresh token.`);
  }
  return new ToolError(`The agent bridge answered HTTP ${status}${code ? ` ${code}` : ''}: ${message}`);
}

function formatDetails(details: unknown): string {
  if (details === undefined || details === null) return '';
  const issues = Array.isArray(details) ? details : Array.isArray((details as { issues?: unknown }).issues) ? (details as { issues: unknown[] }).issues : undefined;
  if (issues) {
    return issues
      .slice(0, 20)
      .map((issue) => {
        if (issue && typeof issue === 'object') {
          const { pointer, path, field, message } = issue as Record<string, unknown>;
          const where = [pointer, path, field].find((v) => typeof v === 'string' || Array.isArray(v));
          const at = Array.isArray(where) ? where.join('.') : (where as string | undefined);
          return `- ${at ? `${at}: ` : ''}${typeof message === 'string' ? message : JSON.stringify(issue)}`;
        }
        return `- ${String(issue)}`;
      })
      .join('\n');
  }
  return JSON.stringify(details).slice(0, 2000);
}

function isAgent(value: unknown): value is Agent {
  return value !== null && typeof value === 'object' && typeof (value as { name?: unknown }).name === 'string';
}
