import { describe, expect, it } from 'vitest';
import { CodedError, isErrorEnvelope } from '../src/index.js';

describe('the error envelope', () => {
  it('serializes a coded error to {code, message, data} and survives JSON', () => {
    const error = new CodedError('CONFIG_FILE_NOT_FOUND', 'No such file', { file: '/x.json' });
    const envelope = JSON.parse(JSON.stringify(error.toEnvelope())) as unknown;
    expect(envelope).toEqual({ code: 'CONFIG_FILE_NOT_FOUND', message: 'No such file', data: { file: '/x.json' } });
    expect(isErrorEnvelope(envelope)).toBe(true);
  });

  it('omits data when there is none', () => {
    expect(new CodedError('X', 'y').toEnvelope()).toEqual({ code: 'X', message: 'y' });
  });

  it('recognises only objects with a string code and message', () => {
    expect(isErrorEnvelope({ code: 1, message: 'm' })).toBe(false);
    expect(isErrorEnvelope({ code: 'C' })).toBe(false);
    expect(isErrorEnvelope(null)).toBe(false);
    expect(isErrorEnvelope('C: m')).toBe(false);
  });
});
