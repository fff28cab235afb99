// The provider/model catalog and MCP statuses, mapped from OpenCode's shapes.

import type { McpStatus as OcMcpStatus, Model as OcModel, Provider as OcProvider } from '@opencode-ai/sdk/v2';
import type { McpServerStatus, ModelInfo, ProviderInfo } from './types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function mapModel(model: OcModel): ModelInfo {
  const out: Mutable<ModelInfo> = {
    id: model.id,
    providerId: model.providerID,
    name: model.name,
    status: model.status,
    limit: {
      context: model.limit?.context ?? 0,
      output: model.limit?.output ?? 0,
      ...(model.limit?.input !== undefined ? { input: model.limit.input } : {}),
    },
    capabilities: {
      reasoning: model.capabilities?.reasoning ?? false,
      attachment: model.capabilities?.attachment ?? false,
      toolCall: model.capabilities?.toolcall ?? false,
      temperature: model.capabilities?.temperature ?? false,
    },
  };
  if (model.family) out.family = model.family;
  if (model.cost) out.cost = { input: model.cost.input, output: model.cost.output };
  if (model.release_date) out.releaseDate = model.release_date;
  return out;
}

export function mapProvider(provider: OcProvider): ProviderInfo {
  return {
    id: provider.id,
    name: provider.name,
    source: provider.source,
    models: Object.values(provider.models ?? {})
      .map(mapModel)
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

export function mapMcpStatuses(statuses: Readonly<Record<string, OcMcpStatus>>): McpServerStatus[] {
  return Object.entries(statuses)
    .map(([name, status]): McpServerStatus => ('error' in status && status.error ? { name, status: status.status, error: status.error } : { name, status: status.status }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
