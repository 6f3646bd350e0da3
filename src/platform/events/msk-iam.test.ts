import { describe, expect, it } from 'vitest';
import { mskIamSasl } from './msk-iam.js';

describe('MSK IAM SASL', () => {
  it('is OAUTHBEARER with a token provider', () => {
    const sasl = mskIamSasl('us-east-1');
    expect(sasl.mechanism).toBe('oauthbearer');
    expect(typeof (sasl as { oauthBearerProvider?: unknown }).oauthBearerProvider).toBe('function');
  });

  it('signs a token with the AWS credentials it finds', async () => {
    const credentials = async () => ({
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    });
    {
      const sasl = mskIamSasl('eu-west-1', credentials) as {
        oauthBearerProvider: () => Promise<{ value: string }>;
      };
      const { value } = await sasl.oauthBearerProvider();
      // The token is a base64url presigned URL for kafka-cluster:Connect in the region.
      const url = Buffer.from(value, 'base64url').toString('utf8');
      expect(url).toContain('kafka.eu-west-1.amazonaws.com');
      expect(url).toContain('Action=kafka-cluster%3AConnect');
      expect(url).toContain('X-Amz-Credential=AKIAIOSFODNN7EXAMPLE');
    }
  });
});
