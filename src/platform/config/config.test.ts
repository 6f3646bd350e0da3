import { describe, expect, it } from 'vitest';
import { ConfigError, decodeMasterKey, loadConfig } from './config.js';

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults to the embedded platform', () => {
    const c = loadConfig({});
    expect(c.http).toMatchObject({ port: 8080, host: '127.0.0.1', corsOrigins: [], tls: null });
    expect(c).toMatchObject({
      dataDir: './data',
      databaseUrl: undefined,
      redisUrl: undefined,
      kafka: null,
      podId: 'local',
      bootstrapAdmin: null,
      masterKey: null,
      cognito: null,
      oauth: { google: null, github: null },
      secretStore: null,
      logLevel: 'info',
    });
    expect(c.mail.transport).toBe('mailbox');
  });

  it('reads every production variable', () => {
    const key = 'a'.repeat(64);
    const c = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u:p@db:5432/gpb',
      REDIS_URL: 'rediss://cache:6379',
      KAFKA_BROKERS: 'b-1.msk:9098, b-2.msk:9098',
      KAFKA_SASL: 'aws-iam',
      GPUBROKER_POD_ID: 'gpubroker-us-east-1',
      GPUBROKER_ADMIN_EMAIL: 'ops@example.com',
      GPUBROKER_ADMIN_PASSWORD: 'correct horse battery',
      GPUBROKER_MASTER_KEY: key,
      STRIPE_SECRET_KEY: 'sk_test_123',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_123',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc',
      AWS_REGION: 'us-east-1',
      COGNITO_USER_POOL_ID: 'us-east-1_AbC123',
      COGNITO_CLIENT_ID: 'client',
      SECRET_STORE: 'ssm',
      SECRET_STORE_KMS_KEY_ID: 'alias/gpubroker',
      OAUTH_GOOGLE_CLIENT_ID: 'g-id',
      OAUTH_GOOGLE_CLIENT_SECRET: 'g-secret',
      OAUTH_GITHUB_CLIENT_ID: 'gh-id',
      OAUTH_GITHUB_CLIENT_SECRET: 'gh-secret',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      LOG_LEVEL: 'debug',
      TLS_CERT_FILE: '/etc/cert.pem',
      TLS_KEY_FILE: '/etc/key.pem',
      CORS_ORIGINS: 'https://app.gpubroker.io,http://localhost:5173',
    });
    expect(c.http).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      tls: { certFile: '/etc/cert.pem', keyFile: '/etc/key.pem' },
      corsOrigins: ['https://app.gpubroker.io', 'http://localhost:5173'],
    });
    expect(c.kafka).toEqual({ brokers: ['b-1.msk:9098', 'b-2.msk:9098'], sasl: 'aws-iam' });
    expect(c.masterKey).toEqual(Buffer.from(key, 'hex'));
    expect(c.cognito).toEqual({
      userPoolId: 'us-east-1_AbC123',
      clientId: 'client',
      clientSecret: undefined,
    });
    expect(c.secretStore).toEqual({ kind: 'ssm', region: 'us-east-1', kmsKeyId: 'alias/gpubroker' });
    expect(c.oauth).toEqual({
      google: { clientId: 'g-id', clientSecret: 'g-secret', issuer: 'https://accounts.google.com' },
      github: { clientId: 'gh-id', clientSecret: 'gh-secret' },
    });
    expect(c.bootstrapAdmin).toEqual({ email: 'ops@example.com', password: 'correct horse battery' });
    expect(c.logLevel).toBe('debug');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '65536' }, 'PORT'],
    [{ HOST: '' }, 'HOST'],
    [{ DATABASE_URL: 'mysql://x/y' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
    [{ KAFKA_BROKERS: 'nohostport' }, 'KAFKA_BROKERS'],
    [{ GPUBROKER_POD_ID: 'Bad Pod' }, 'GPUBROKER_POD_ID'],
    [{ GPUBROKER_ADMIN_EMAIL: 'ops@example.com' }, 'GPUBROKER_ADMIN_PASSWORD'],
    [{ GPUBROKER_MASTER_KEY: 'tooshort' }, 'GPUBROKER_MASTER_KEY'],
    [{ STRIPE_SECRET_KEY: 'pk_test_1' }, 'STRIPE_SECRET_KEY'],
    [{ AWS_REGION: 'mars' }, 'AWS_REGION'],
    [{ COGNITO_USER_POOL_ID: 'us-east-1_x' }, 'COGNITO_CLIENT_ID'],
    [{ OAUTH_GOOGLE_CLIENT_ID: 'g-id' }, 'OAUTH_GOOGLE_CLIENT_SECRET'],
    [{ OAUTH_GITHUB_CLIENT_SECRET: 'gh' }, 'OAUTH_GITHUB_CLIENT_ID'],
    [{ OAUTH_GOOGLE_ISSUER: 'accounts.google.com' }, 'OAUTH_GOOGLE_ISSUER'],
    [{ SECRET_STORE: 'ssm' }, 'AWS_REGION'],
    [{ SECRET_STORE: 'vault', AWS_REGION: 'us-east-1' }, 'SECRET_STORE'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
    [{ TLS_CERT_FILE: '/c.pem' }, 'TLS_KEY_FILE'],
    [{ CORS_ORIGINS: 'app.example.com' }, 'CORS_ORIGINS'],
    [{ MAIL_TRANSPORT: 'smtp' }, 'SMTP_URL'],
    [{ GPUBROKER_PUBLIC_URL: 'app.example.com' }, 'GPUBROKER_PUBLIC_URL'],
    [{ TRUST_PROXY: 'the balancer' }, 'TRUST_PROXY'],
  ])('rejects %j naming %s in one line', (env, variable) => {
    const err = errorOf(env as Record<string, string>);
    expect(err.variable).toBe(variable);
    expect(err.message).toMatch(new RegExp(`^Invalid configuration: ${variable} `));
    expect(err.message).not.toContain('\n');
  });

  it('derives the public URL and proxy trust', () => {
    expect(loadConfig({}).http).toMatchObject({ publicUrl: 'http://127.0.0.1:8080', trustProxy: false });
    expect(loadConfig({ GPUBROKER_PUBLIC_URL: 'https://app.gpubroker.io/' }).http.publicUrl).toBe(
      'https://app.gpubroker.io',
    );
    expect(loadConfig({ TRUST_PROXY: 'true' }).http.trustProxy).toBe(true);
    expect(() => loadConfig({ TRUST_PROXY: '1' })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8,172.16.0.0/12' }).http.trustProxy).toEqual([
      '10.0.0.0/8',
      '172.16.0.0/12',
    ]);
  });

  it('never echoes a bad value (it may be a secret)', () => {
    const err = errorOf({ STRIPE_SECRET_KEY: 'pk_live_SECRETVALUE' });
    expect(err.message).not.toContain('SECRETVALUE');
  });

  it('decodes master keys in hex and base64 only when 32 bytes', () => {
    const raw = Buffer.alloc(32, 7);
    expect(decodeMasterKey(raw.toString('hex'))).toEqual(raw);
    expect(decodeMasterKey(raw.toString('base64'))).toEqual(raw);
    expect(decodeMasterKey(Buffer.alloc(31).toString('base64'))).toBeNull();
  });
});
