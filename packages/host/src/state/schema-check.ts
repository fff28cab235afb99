// Saved files are checked by JSON Schemas (ajv, compiled once per schema), not by hand-written
// parsers: a file that does not match throws naming every place that is wrong, and the store
// treats it as damaged (moved aside, reported).
import Ajv2020 from 'ajv/dist/2020.js';

const ajv = new Ajv2020.default({ strict: true, allErrors: true });

/** A check of parsed JSON against `schema`: the value, typed, or an Error naming what is wrong where. */
export function schemaCheck<T>(schema: object): (raw: unknown) => T {
  const validate = ajv.compile(schema);
  return (raw) => {
    if (validate(raw)) return raw as T;
    const problems = (validate.errors ?? []).slice(0, 5).map((error) => `${error.instancePath === '' ? 'the file' : error.instancePath} ${error.message ?? 'is not valid'}`);
    throw new Error(problems.join('; ') || 'it does not match its schema');
  };
}

/** Whether `raw` matches `schema`, for tolerant readers that skip what does not. */
export function schemaTest<T>(schema: object): (raw: unknown) => raw is T {
  const validate = ajv.compile(schema);
  return (raw): raw is T => validate(raw);
}
