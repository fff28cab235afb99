import validateConfigGenerated from './generated/validate-config.js';
import validateOverlayGenerated from './generated/validate-overlay.js';
import type { CompiledValidator, SchemaError } from './schema-issues.js';

const strictValidator = validateConfigGenerated as unknown as CompiledValidator;
const overlayValidator = validateOverlayGenerated as unknown as CompiledValidator;

export interface ValidationOutcome {
  readonly valid: boolean;
  readonly errors: readonly SchemaError[];
}

/** Checks one layer against the overlay (partial) schema. Does not modify `layer`. */
export function validateOverlay(layer: unknown): ValidationOutcome {
  const valid = overlayValidator(layer);
  return { valid, errors: valid ? [] : [...(overlayValidator.errors ?? [])] };
}

/**
 * Checks a complete config against the strict schema. Fills in schema defaults, so it
 * works on (and returns) a copy.
 */
export function validateResolved(config: unknown): ValidationOutcome & { readonly withDefaults: unknown } {
  // Config is plain JSON data; a JSON round trip copies it faster than structuredClone.
  const copy: unknown = JSON.parse(JSON.stringify(config));
  const valid = strictValidator(copy);
  return { valid, errors: valid ? [] : [...(strictValidator.errors ?? [])], withDefaults: copy };
}
