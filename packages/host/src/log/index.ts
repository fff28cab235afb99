export { jsonLine, Logger, newRunId, prettyLine, type LoggerOptions, type LogLevel, type LogRecord, type LogSink, type LogSource } from './logger.js';
