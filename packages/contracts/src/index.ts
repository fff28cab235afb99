export { CodedError, isErrorEnvelope, type ErrorEnvelope } from './errors.js';
