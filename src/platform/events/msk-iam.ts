import type { SASLOptions } from 'kafkajs';

/**
 * SASL for Amazon MSK with IAM access control (`KAFKA_SASL=aws-iam`): OAUTHBEARER with a token
 * signed by the process's AWS credentials (task role, instance profile or environment). kafkajs
 * asks for a new token before the current one expires (they live 15 minutes).
 */
export function mskIamSasl(region: string): SASLOptions {
  return {
    mechanism: 'oauthbearer',
    oauthBearerProvider: async () => {
      const { generateAuthToken } = await import('aws-msk-iam-sasl-signer-js');
      const { token } = await generateAuthToken({ region });
      return { value: token };
    },
  };
}
