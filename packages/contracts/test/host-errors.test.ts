import { describe, expect, it } from 'vitest';
import { GENERIC_HOST_ERRORS, HOST_ERROR_CODES, HOST_METHODS, HostErrorCode, httpStatusOf, isHostErrorCode } from '../src/index.js';

describe('the host error catalogue', () => {
  it('maps the codes clients switch on to their HTTP statuses', () => {
    expect(httpStatusOf(HostErrorCode.BadRequest)).toBe(400);
    expect(httpStatusOf(HostErrorCode.Unauthorized)).toBe(401);
    expect(httpStatusOf(HostErrorCode.RateLimited)).toBe(429);
    expect(httpStatusOf(HostErrorCode.MethodNotFound)).toBe(404);
    expect(httpStatusOf(HostErrorCode.NotFound)).toBe(404);
    expect(httpStatusOf(HostErrorCode.Conflict)).toBe(409);
    expect(httpStatusOf(HostErrorCode.RuntimeNotReady)).toBe(503);
    expect(httpStatusOf(HostErrorCode.RuntimeFailed)).toBe(503);
    expect(httpStatusOf(HostErrorCode.RuntimeRequestFailed)).toBe(502);
    expect(httpStatusOf(HostErrorCode.PermissionCeiling)).toBe(403);
    expect(httpStatusOf(HostErrorCode.ValidationFailed)).toBe(422);
    expect(httpStatusOf(HostErrorCode.Internal)).toBe(500);
  });

  it('gives every code a status and answers 500 for codes outside the catalogue', () => {
    for (const code of HOST_ERROR_CODES) expect(httpStatusOf(code)).toBeGreaterThanOrEqual(400);
    expect(httpStatusOf('SOMETHING_ELSE')).toBe(500);
    expect(httpStatusOf('toString')).toBe(500);
  });

  it('keeps codes unique, upper snake case, and recognisable', () => {
    expect(new Set(HOST_ERROR_CODES).size).toBe(HOST_ERROR_CODES.length);
    for (const code of HOST_ERROR_CODES) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(isHostErrorCode(code)).toBe(true);
    }
    expect(isHostErrorCode('constructor')).toBe(false);
  });

  it('lets methods list only catalogue codes, and not the generic ones again', () => {
    for (const [name, spec] of Object.entries(HOST_METHODS)) {
      for (const code of spec.errors) {
        expect(isHostErrorCode(code), `${name}: ${code}`).toBe(true);
        expect(GENERIC_HOST_ERRORS as readonly string[], `${name} repeats ${code}`).not.toContain(code);
      }
    }
  });
});
