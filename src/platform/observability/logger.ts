import pino, { type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/**
 * JSON logs (CloudWatch Logs parses them). Credentials never reach a log line: auth headers,
 * cookies and any field named like a secret are redacted wherever they appear.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.new_password',
  '*.token',
  '*.access_token',
  '*.refresh_token',
  '*.secret',
  '*.client_secret',
  '*.api_key',
  '*.card_number',
  '*.cvc',
  '*.sandbox_value',
  '*.live_value',
];

export function createLogger(
  opts: { level: LoggerOptions['level']; base?: Record<string, unknown> },
  destination?: pino.DestinationStream,
): Logger {
  const options: LoggerOptions = {
    level: opts.level,
    base: { service: 'gpubroker', ...opts.base },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}
