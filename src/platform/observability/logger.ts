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
  '*.current_password',
  '*.totp_code',
  '*.backup_codes',
  '*.otpauth_url',
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

/** Query parameters whose values are credentials: OAuth codes and state, e-mail link tokens, keys. */
const SECRET_QUERY_PARAMS = new Set([
  'code',
  'state',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'key',
  'api_key',
  'secret',
  'password',
]);

/** `url` with the values of credential-bearing query parameters replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // a malformed name is logged as is; only recognised names are redacted
      }
      return eq >= 0 && SECRET_QUERY_PARAMS.has(decoded.toLowerCase()) ? `${name}=[redacted]` : pair;
    })
    .join('&');
  return `${url.slice(0, q)}?${query}`;
}

interface RawRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  headers?: Record<string, unknown>;
  socket?: { remoteAddress?: string };
}

/** Fastify's request serializer, minus credentials in the query string. */
function serializeRequest(req: RawRequest) {
  return {
    method: req.method,
    url: req.url === undefined ? undefined : redactUrl(req.url),
    host: req.host ?? req.headers?.host,
    remoteAddress: req.ip ?? req.socket?.remoteAddress,
  };
}

export function createLogger(
  opts: { level: LoggerOptions['level']; base?: Record<string, unknown> },
  destination?: pino.DestinationStream,
): Logger {
  const options: LoggerOptions = {
    level: opts.level,
    base: { service: 'gpubroker', ...opts.base },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { req: serializeRequest },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}
