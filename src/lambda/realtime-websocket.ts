import { createPlatform, wireModules } from '../app/container.js';
import type { WebSocketEvent, WebSocketResult } from '../modules/realtime/index.js';
import { type AppConfig, loadProcessConfig } from '../platform/config/config.js';

type Handle = (event: WebSocketEvent) => Promise<WebSocketResult>;

/**
 * The Lambda behind the API Gateway WebSocket API (routes `$connect`, `$disconnect`, `$default`).
 * A cold start opens the platform and wires the modules once (the configuration, identity's token
 * check, the pods' owners, the Redis bus); no background work runs here: the fan-out runs in the
 * long-running service, which has `REALTIME_APIGW_ENDPOINT` set too.
 */
export function createWebSocketHandler(
  loadConfig: () => AppConfig = loadProcessConfig,
): Handle & { close(): Promise<void> } {
  let booting: Promise<{ handle: Handle; close(): Promise<void> }> | null = null;
  const boot = async () => {
    const config = loadConfig();
    if (!config.realtimeApiGateway) throw new Error('REALTIME_APIGW_ENDPOINT and AWS_REGION must be set');
    const platform = await createPlatform(config);
    try {
      const modules = wireModules(platform);
      await modules.platformConfig.start();
      const apiGateway = modules.realtime.apiGateway;
      if (!apiGateway) throw new Error('the realtime module has no API Gateway wiring');
      return {
        handle: (event: WebSocketEvent) => apiGateway.handlers.handle(event),
        async close() {
          await modules.platformConfig.stop();
          await platform.close();
        },
      };
    } catch (err) {
      await platform.close();
      throw err;
    }
  };
  const handler = async (event: WebSocketEvent) => {
    booting ??= boot().catch((err: unknown) => {
      booting = null; // the next invocation tries again
      throw err;
    });
    return (await booting).handle(event);
  };
  return Object.assign(handler, {
    async close() {
      if (booting) await (await booting).close();
      booting = null;
    },
  });
}

export const handler = createWebSocketHandler();
