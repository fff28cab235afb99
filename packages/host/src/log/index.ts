export { formatData, jsonLine, Logger, newRunId, prettyLine, type LoggerOptions, type LogLevel, type LogRecord, type LogSink, type LogSource } from './logger.js';
export { RecentLogs, type RecentLine, type RecentLogsOptions } from './recent.js';
