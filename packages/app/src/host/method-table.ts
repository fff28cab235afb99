import { HOST_METHOD_NAMES, type HostApi, type HostMethodName } from '@open-cowork/contracts';

/** Calls one host method by name; each transport supplies its own. */
export type MethodCaller = (method: HostMethodName, params: unknown) => Promise<unknown>;

/**
 * Every contract method as a function that goes through `call`, so no transport writes a
 * method name twice. The result types come from the contract; the host validates params
 * at its edge and answers only with the declared result, which is why the cast is sound.
 */
export function methodTable(call: MethodCaller): HostApi {
  const api: Partial<Record<HostMethodName, (params: unknown) => Promise<unknown>>> = {};
  for (const name of HOST_METHOD_NAMES) api[name] = (params: unknown) => call(name, params ?? {});
  return api as HostApi;
}
