// Model entries for one provider, merged from the descriptor's featured models, a custom
// provider's models and `providers.modelInfo`, then shaped the way OpenCode wants them.
//
// OpenCode requires `limit.context` with `limit.output`, and `cost.input` with
// `cost.output`, while the app config lets each be set alone. For a custom provider there
// is no runtime catalog to fall back to, so a missing field becomes 0, OpenCode's own
// "unknown" (its default output cap, no cost). For a catalog provider an incomplete block
// is left out so the catalog's values stand; when it came from `modelInfo` (an explicit
// override meant for the runtime) a warning says which field to add.

import type { ModelCost, ModelLimit } from '@open-cowork/config';
import type { ProviderConfig } from '@opencode-ai/sdk/v2';
import { BuildWarningCode, type Warnings } from './warnings.js';

export type OpencodeModel = NonNullable<ProviderConfig['models']>[string];

export interface ModelFields {
  readonly name?: string;
  readonly limit?: ModelLimit;
  readonly cost?: ModelCost;
  /** Upstream's short form of limit.context; limit.context wins. */
  readonly contextLength?: number;
  /** Model options passed to OpenCode as they are (e.g. maxOutputTokens). */
  readonly options?: Readonly<Record<string, unknown>>;
}

interface Draft {
  name?: string;
  limit: ModelLimit;
  cost: ModelCost;
  options?: Record<string, unknown>;
  /** Pointer of the last `modelInfo` entry that touched this model, for warnings. */
  override?: string;
}

/** Copies the defined fields of `source` over `target`. */
function assignDefined<T extends object>(target: T, source: T | undefined): void {
  for (const [key, value] of Object.entries(source ?? {})) {
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
}

export class ModelTable {
  readonly #drafts = new Map<string, Draft>();

  constructor(
    readonly providerId: string,
    /** True when the provider comes from `providers.custom` (no runtime catalog behind it). */
    readonly custom: boolean,
  ) {}

  has(id: string): boolean {
    return this.#drafts.has(id);
  }

  /** Adds a model, or merges field by field into one already listed (later values win). */
  add(id: string, fields: ModelFields, overridePointer?: string): void {
    let draft = this.#drafts.get(id);
    if (draft === undefined) {
      draft = { limit: {}, cost: {} };
      this.#drafts.set(id, draft);
    }
    if (fields.name !== undefined) draft.name = fields.name;
    if (fields.contextLength !== undefined && fields.limit?.context === undefined) draft.limit.context = Math.round(fields.contextLength);
    assignDefined(draft.limit, fields.limit);
    if (fields.options !== undefined) draft.options = { ...draft.options, ...structuredClone(fields.options) };
    assignDefined(draft.cost, fields.cost);
    if (overridePointer !== undefined) draft.override = overridePointer;
  }

  build(warnings: Warnings): Record<string, OpencodeModel> | undefined {
    if (this.#drafts.size === 0) return undefined;
    const models: Record<string, OpencodeModel> = {};
    for (const [id, draft] of this.#drafts) models[id] = this.#model(`${this.providerId}/${id}`, draft, warnings);
    return models;
  }

  #model(ref: string, draft: Draft, warnings: Warnings): OpencodeModel {
    const model: OpencodeModel = {};
    if (draft.name !== undefined) model.name = draft.name;
    if (draft.options !== undefined) model.options = draft.options;

    const { context, input, output } = draft.limit;
    if (context !== undefined || input !== undefined || output !== undefined) {
      if (this.custom || (context !== undefined && output !== undefined)) {
        model.limit = { context: context ?? 0, ...(input !== undefined ? { input } : {}), output: output ?? 0 };
      } else if (draft.override !== undefined) {
        warnings.add(
          BuildWarningCode.ModelLimitIncomplete,
          `The limit override for "${ref}" is not passed to the runtime: OpenCode needs limit.context and limit.output together; add the missing one.`,
          draft.override,
        );
      }
    }

    const cost = draft.cost;
    if (Object.values(cost).some((value) => value !== undefined)) {
      if (this.custom || (cost.input !== undefined && cost.output !== undefined)) {
        model.cost = {
          input: cost.input ?? 0,
          output: cost.output ?? 0,
          ...(cost.cache_read !== undefined ? { cache_read: cost.cache_read } : {}),
          ...(cost.cache_write !== undefined ? { cache_write: cost.cache_write } : {}),
        };
      } else if (draft.override !== undefined) {
        warnings.add(
          BuildWarningCode.ModelCostIncomplete,
          `The cost override for "${ref}" is not passed to the runtime: OpenCode needs cost.input and cost.output together; add the missing one.`,
          draft.override,
        );
      }
    }
    return model;
  }
}
