import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';

/** What a send did: `gone` means API Gateway no longer holds the connection (HTTP 410). */
export type SendResult = 'ok' | 'gone';

/**
 * The API Gateway management API as the adapter uses it: send one text frame to a connection,
 * or close it. `gone` is a value (the client left without a `$disconnect` we saw); any other
 * failure (throttling after the SDK's retries, a bad endpoint, missing permission) rejects.
 */
export interface ManagementApi {
  post(connectionId: string, frame: string): Promise<SendResult>;
  /** Closes the connection (API Gateway then runs `$disconnect`). */
  disconnect(connectionId: string): Promise<SendResult>;
}

export interface ManagementApiOptions {
  /** `https://{api-id}.execute-api.{region}.amazonaws.com/{stage}` (or the custom domain + base path). */
  endpoint: string;
  region: string;
  /** An existing client (shared, or pointed at a local server in tests); not destroyed on close. */
  client?: ApiGatewayManagementApiClient;
}

function isGone(err: unknown): boolean {
  const e = err as { name?: unknown; $metadata?: { httpStatusCode?: unknown } } | null;
  return e?.name === 'GoneException' || e?.$metadata?.httpStatusCode === 410;
}

/** The management API over the AWS SDK; credentials come from the SDK's default chain (the Lambda role). */
export function createManagementApi(options: ManagementApiOptions): ManagementApi & { close(): void } {
  const client =
    options.client ??
    new ApiGatewayManagementApiClient({ endpoint: options.endpoint, region: options.region });
  async function gone(call: Promise<unknown>): Promise<SendResult> {
    try {
      await call;
      return 'ok';
    } catch (err) {
      if (isGone(err)) return 'gone';
      throw err;
    }
  }
  return {
    post: (connectionId, frame) =>
      gone(
        client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from(frame) })),
      ),
    disconnect: (connectionId) =>
      gone(client.send(new DeleteConnectionCommand({ ConnectionId: connectionId }))),
    close() {
      if (!options.client) client.destroy();
    },
  };
}
