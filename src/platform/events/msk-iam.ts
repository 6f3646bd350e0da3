import type { SASLOptions } from 'kafkajs';

/**
 * SASL for Amazon MSK with IAM access control (`KAFKA_SASL=aws-iam`): OAUTHBEARER with a token
 * signed by the process's AWS credentials (task role, instance profile or environment), or by
 * `credentials` when given. kafkajs
 * asks for a new token before the current one expires (they live 15 minutes).
 */
/** AWS credentials, resolved when a token is signed (the shape of the AWS SDK's providers). */
export type AwsCredentialsProvider = () => Promise<{
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}>;

export function mskIamSasl(region: string, credentials?: AwsCredentialsProvider): SASLOptions {
  return {
    mechanism: 'oauthbearer',
    oauthBearerProvider: async () => {
      const signer = await import('aws-msk-iam-sasl-signer-js');
      const { token } = credentials
        ? await signer.generateAuthTokenFromCredentialsProvider({
            region,
            awsCredentialsProvider: credentials,
          })
        : await signer.generateAuthToken({ region });
      return { value: token };
    },
  };
}
