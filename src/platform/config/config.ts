import { z } from 'zod';

/**
 * Process configuration from the environment, validated once at boot. Nothing else in the code
 * reads `process.env`: modules receive the slice of `AppConfig` they need. Runtime settings that
 * operators change while the platform runs are POD parameters, not environment variables.
 */

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const port = z
  .string()
  .trim()
  .regex(/^\d+$/, 'must be an integer between 0 and 65535')
  .transform(Number)
  .refine((n) => n >= 0 && n <= 65535, 'must be an integer between 0 and 65535');

const url = (protocols: string[]) =>
  optionalString.refine(
    (v) => {
      if (v === undefined) return true;
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL with scheme ${protocols.map((p) => p.replace(':', '')).join(' or ')}`,
  );

const csv = optionalString.transform((v) =>
  v === undefined
    ? []
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
);

const masterKey = optionalString.refine(
  (v) => v === undefined || decodeMasterKey(v) !== null,
  'must be 32 bytes, as 64 hex characters or base64',
);

const EnvSchema = z
  .object({
    PORT: port.default(8080),
    HOST: z.string().trim().min(1, 'must not be empty').default('127.0.0.1'),
    GPUBROKER_DATA_DIR: z.string().trim().min(1, 'must not be empty').default('./data'),
    DATABASE_URL: url(['postgres:', 'postgresql:']),
    REDIS_URL: url(['redis:', 'rediss:']),
    KAFKA_BROKERS: csv.refine(
      (list) => list.every((b) => /^[^\s:]+:\d+$/.test(b)),
      'must be comma-separated host:port pairs',
    ),
    KAFKA_SASL: z.enum(['aws-iam']).optional(),
    GPUBROKER_POD_ID: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lowercase letters, digits and dashes (max 63)')
      .default('local'),
    GPUBROKER_ADMIN_EMAIL: optionalString.refine(
      (v) => v === undefined || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
      'must be an e-mail address',
    ),
    GPUBROKER_ADMIN_PASSWORD: optionalString.refine(
      (v) => v === undefined || v.length >= 10,
      'must be at least 10 characters',
    ),
    GPUBROKER_MASTER_KEY: masterKey,
    STRIPE_SECRET_KEY: optionalString.refine(
      (v) => v === undefined || /^(sk|rk)_(test|live)_/.test(v),
      'must start with sk_test_, sk_live_, rk_test_ or rk_live_',
    ),
    STRIPE_PUBLISHABLE_KEY: optionalString.refine(
      (v) => v === undefined || /^pk_(test|live)_/.test(v),
      'must start with pk_test_ or pk_live_',
    ),
    STRIPE_WEBHOOK_SECRET: optionalString.refine(
      (v) => v === undefined || v.startsWith('whsec_'),
      'must start with whsec_',
    ),
    AWS_REGION: optionalString.refine(
      (v) => v === undefined || /^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(v),
      'must be an AWS region such as us-east-1',
    ),
    COGNITO_USER_POOL_ID: optionalString.refine(
      (v) => v === undefined || /^[a-z]{2}(-gov)?-[a-z]+-\d_[A-Za-z0-9]+$/.test(v),
      'must be a Cognito user pool id such as us-east-1_AbC123',
    ),
    COGNITO_CLIENT_ID: optionalString,
    COGNITO_CLIENT_SECRET: optionalString,
    SECRET_STORE: z.enum(['ssm', 'secrets-manager']).optional(),
    REALTIME_APIGW_ENDPOINT: optionalString.refine(
      (v) => v === undefined || /^https?:\/\/[^/]+/.test(v),
      'must be the WebSocket API management endpoint, https://{api-id}.execute-api.{region}.amazonaws.com/{stage}',
    ),
    REALTIME_APIGW_SYNC_MS: z.coerce.number().int().min(200).max(60_000).default(2_000),
    SECRET_STORE_KMS_KEY_ID: optionalString,
    OAUTH_GOOGLE_CLIENT_ID: optionalString,
    OAUTH_GOOGLE_CLIENT_SECRET: optionalString,
    OAUTH_GOOGLE_ISSUER: url(['http:', 'https:']).default('https://accounts.google.com'),
    OAUTH_GITHUB_CLIENT_ID: optionalString,
    OAUTH_GITHUB_CLIENT_SECRET: optionalString,
    OTEL_EXPORTER_OTLP_ENDPOINT: url(['http:', 'https:']),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    TLS_CERT_FILE: optionalString,
    TLS_KEY_FILE: optionalString,
    CORS_ORIGINS: csv.refine(
      (list) => list.every((o) => /^https?:\/\/[^/\s]+$/.test(o)),
      'must be comma-separated origins such as https://app.example.com',
    ),
    MAIL_TRANSPORT: z.enum(['mailbox', 'smtp', 'ses']).default('mailbox'),
    SMTP_URL: url(['smtp:', 'smtps:']),
    MAIL_FROM: z.string().trim().min(3).default('GPUBROKER <no-reply@gpubroker.local>'),
    HTTP_BODY_LIMIT_BYTES: z
      .string()
      .regex(/^\d+$/, 'must be a whole number of bytes')
      .transform(Number)
      .refine((n) => n >= 1024 && n <= 64 * 1024 * 1024, 'must be between 1024 and 67108864')
      .default(1024 * 1024),
    SHUTDOWN_TIMEOUT_MS: z
      .string()
      .regex(/^\d+$/, 'must be a whole number of milliseconds')
      .transform(Number)
      .default(10_000),
    GPUBROKER_WEB_DIR: optionalString,
    GPUBROKER_PUBLIC_URL: url(['http:', 'https:']),
    TRUST_PROXY: optionalString.refine(
      (v) =>
        v === undefined ||
        /^(true|false|[0-9a-fA-F]*[.:][0-9a-fA-F.:/]*(,[0-9a-fA-F]*[.:][0-9a-fA-F.:/]*)*)$/.test(v),
      'must be true/false or comma-separated proxy addresses/CIDRs',
    ),
  })
  .superRefine((env, ctx) => {
    if ((env.TLS_CERT_FILE === undefined) !== (env.TLS_KEY_FILE === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.TLS_CERT_FILE ? 'TLS_KEY_FILE' : 'TLS_CERT_FILE'],
        message: 'must be set together with the other of TLS_CERT_FILE / TLS_KEY_FILE',
      });
    }
    if ((env.GPUBROKER_ADMIN_EMAIL === undefined) !== (env.GPUBROKER_ADMIN_PASSWORD === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.GPUBROKER_ADMIN_EMAIL ? 'GPUBROKER_ADMIN_PASSWORD' : 'GPUBROKER_ADMIN_EMAIL'],
        message: 'must be set together with the other of GPUBROKER_ADMIN_EMAIL / GPUBROKER_ADMIN_PASSWORD',
      });
    }
    if (env.COGNITO_USER_POOL_ID && !env.COGNITO_CLIENT_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['COGNITO_CLIENT_ID'],
        message: 'is required with COGNITO_USER_POOL_ID',
      });
    }
    for (const provider of ['GOOGLE', 'GITHUB'] as const) {
      const id = env[`OAUTH_${provider}_CLIENT_ID`];
      const secret = env[`OAUTH_${provider}_CLIENT_SECRET`];
      if ((id === undefined) !== (secret === undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: [id ? `OAUTH_${provider}_CLIENT_SECRET` : `OAUTH_${provider}_CLIENT_ID`],
          message: `must be set together with the other of OAUTH_${provider}_CLIENT_ID / OAUTH_${provider}_CLIENT_SECRET`,
        });
      }
    }
    if (env.MAIL_TRANSPORT === 'smtp' && !env.SMTP_URL) {
      ctx.addIssue({ code: 'custom', path: ['SMTP_URL'], message: 'is required when MAIL_TRANSPORT=smtp' });
    }
    if (env.KAFKA_SASL === 'aws-iam' && !env.AWS_REGION) {
      ctx.addIssue({ code: 'custom', path: ['AWS_REGION'], message: 'is required when KAFKA_SASL=aws-iam' });
    }
    if (env.SECRET_STORE && !env.AWS_REGION) {
      ctx.addIssue({ code: 'custom', path: ['AWS_REGION'], message: 'is required when SECRET_STORE is set' });
    }
    if (env.MAIL_TRANSPORT === 'ses' && !env.AWS_REGION) {
      ctx.addIssue({ code: 'custom', path: ['AWS_REGION'], message: 'is required when MAIL_TRANSPORT=ses' });
    }
    if (env.REALTIME_APIGW_ENDPOINT && !env.AWS_REGION) {
      ctx.addIssue({
        code: 'custom',
        path: ['AWS_REGION'],
        message: 'is required when REALTIME_APIGW_ENDPOINT is set',
      });
    }
  });

type Env = z.output<typeof EnvSchema>;

export interface AppConfig {
  http: {
    port: number;
    host: string;
    bodyLimitBytes: number;
    corsOrigins: string[];
    tls: { certFile: string; keyFile: string } | null;
    shutdownTimeoutMs: number;
    webDir: string | undefined;
    /** Which proxies' X-Forwarded-* headers to believe (Fastify `trustProxy`). */
    trustProxy: boolean | string[];
    /** Base URL users reach the app at, for links in e-mails (no trailing slash). */
    publicUrl: string;
  };
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  kafka: { brokers: string[]; sasl: 'aws-iam' | undefined } | null;
  podId: string;
  bootstrapAdmin: { email: string; password: string } | null;
  masterKey: Buffer | null;
  stripe: { secretKey?: string; publishableKey?: string; webhookSecret?: string };
  aws: { region: string | undefined };
  /**
   * API Gateway WebSocket API (the Lambda deployment): its management endpoint, where events are
   * posted; this process then runs the fan-out every `syncMs`. Null: sockets are served here.
   */
  realtimeApiGateway: { endpoint: string; region: string; syncMs: number } | null;
  cognito: { userPoolId: string; clientId: string; clientSecret: string | undefined } | null;
  /** Where secret POD parameters are mirrored (SSM Parameter Store / Secrets Manager); null = nowhere. */
  secretStore: { kind: 'ssm' | 'secrets-manager'; region: string; kmsKeyId: string | undefined } | null;
  /** OAuth / OpenID Connect login providers; a provider is offered only when configured. */
  oauth: {
    google: { clientId: string; clientSecret: string; issuer: string } | null;
    github: { clientId: string; clientSecret: string } | null;
  };
  otel: { endpoint: string | undefined };
  logLevel: (typeof LOG_LEVELS)[number];
  mail: { transport: 'mailbox' | 'smtp' | 'ses'; smtpUrl: string | undefined; from: string };
}

/** Thrown by `loadConfig`; `message` is the one line printed before the process exits. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

// Hop counts are not offered: Fastify 5 fails closed on them (it cannot validate the peer).
function parseTrustProxy(value: string | undefined): boolean | string[] {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return value.split(',');
}

/** Decodes a 32-byte key given as 64 hex characters or base64; null when it is neither. */
export function decodeMasterKey(value: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const buf = Buffer.from(value, 'base64');
    return buf.length === 32 ? buf : null;
  }
  return null;
}

/**
 * Validates the environment and returns the typed configuration. Throws a `ConfigError` naming
 * the first bad variable (its value is never echoed: it may be a secret).
 */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    const message =
      issue.code === 'invalid_value' ? `must be one of ${issue.values.join(', ')}` : issue.message;
    throw new ConfigError(variable, message);
  }
  return toAppConfig(parsed.data);
}

function toAppConfig(env: Env): AppConfig {
  return {
    http: {
      port: env.PORT,
      host: env.HOST,
      bodyLimitBytes: env.HTTP_BODY_LIMIT_BYTES,
      corsOrigins: env.CORS_ORIGINS,
      tls:
        env.TLS_CERT_FILE && env.TLS_KEY_FILE
          ? { certFile: env.TLS_CERT_FILE, keyFile: env.TLS_KEY_FILE }
          : null,
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
      webDir: env.GPUBROKER_WEB_DIR,
      trustProxy: parseTrustProxy(env.TRUST_PROXY),
      publicUrl: (
        env.GPUBROKER_PUBLIC_URL ??
        `${env.TLS_CERT_FILE ? 'https' : 'http'}://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${env.PORT}`
      ).replace(/\/+$/, ''),
    },
    dataDir: env.GPUBROKER_DATA_DIR,
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    kafka: env.KAFKA_BROKERS.length > 0 ? { brokers: env.KAFKA_BROKERS, sasl: env.KAFKA_SASL } : null,
    podId: env.GPUBROKER_POD_ID,
    bootstrapAdmin:
      env.GPUBROKER_ADMIN_EMAIL && env.GPUBROKER_ADMIN_PASSWORD
        ? { email: env.GPUBROKER_ADMIN_EMAIL, password: env.GPUBROKER_ADMIN_PASSWORD }
        : null,
    masterKey: env.GPUBROKER_MASTER_KEY ? decodeMasterKey(env.GPUBROKER_MASTER_KEY) : null,
    stripe: {
      secretKey: env.STRIPE_SECRET_KEY,
      publishableKey: env.STRIPE_PUBLISHABLE_KEY,
      webhookSecret: env.STRIPE_WEBHOOK_SECRET,
    },
    aws: { region: env.AWS_REGION },
    realtimeApiGateway:
      env.REALTIME_APIGW_ENDPOINT && env.AWS_REGION
        ? {
            endpoint: env.REALTIME_APIGW_ENDPOINT.replace(/\/+$/, ''),
            region: env.AWS_REGION,
            syncMs: env.REALTIME_APIGW_SYNC_MS,
          }
        : null,
    cognito:
      env.COGNITO_USER_POOL_ID && env.COGNITO_CLIENT_ID
        ? {
            userPoolId: env.COGNITO_USER_POOL_ID,
            clientId: env.COGNITO_CLIENT_ID,
            clientSecret: env.COGNITO_CLIENT_SECRET,
          }
        : null,
    secretStore:
      env.SECRET_STORE && env.AWS_REGION
        ? { kind: env.SECRET_STORE, region: env.AWS_REGION, kmsKeyId: env.SECRET_STORE_KMS_KEY_ID }
        : null,
    oauth: {
      google:
        env.OAUTH_GOOGLE_CLIENT_ID && env.OAUTH_GOOGLE_CLIENT_SECRET
          ? {
              clientId: env.OAUTH_GOOGLE_CLIENT_ID,
              clientSecret: env.OAUTH_GOOGLE_CLIENT_SECRET,
              issuer: env.OAUTH_GOOGLE_ISSUER.replace(/\/+$/, ''),
            }
          : null,
      github:
        env.OAUTH_GITHUB_CLIENT_ID && env.OAUTH_GITHUB_CLIENT_SECRET
          ? { clientId: env.OAUTH_GITHUB_CLIENT_ID, clientSecret: env.OAUTH_GITHUB_CLIENT_SECRET }
          : null,
    },
    otel: { endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT },
    logLevel: env.LOG_LEVEL,
    mail: { transport: env.MAIL_TRANSPORT, smtpUrl: env.SMTP_URL, from: env.MAIL_FROM },
  };
}

/** The one place that reads `process.env`: the entry point calls it once at boot. */
export function loadProcessConfig(): AppConfig {
  return loadConfig(process.env);
}
