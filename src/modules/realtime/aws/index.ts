/**
 * The API Gateway (Lambda) side of `/api/v2/ws`: API Gateway holds the sockets, these handlers
 * speak the protocol, the connection store keeps the state Lambdas cannot, and the fan-out (a
 * long-running worker following the bus) posts events to the connections.
 */

export { realtimeApigwConnections, realtimeApigwSubscriptions } from './apigw-connections.tables.js';
export {
  type ApiGatewayFanout,
  type ApiGatewayFanoutDeps,
  createApiGatewayFanout,
  type FanoutStats,
} from './apigw-fanout.js';
export { NOTICE } from './connection-drop.js';
export type { ChannelSubscriber, ConnectionStore, StoredConnection } from './connection-store.port.js';
export { createConnectionStoreRepo } from './connection-store.repo.js';
export {
  type ApiGatewayHandlerDeps,
  type ApiGatewayHandlers,
  createApiGatewayHandlers,
  type WebSocketEvent,
  type WebSocketResult,
} from './handlers.js';
export {
  createManagementApi,
  type ManagementApi,
  type ManagementApiOptions,
  type SendResult,
} from './management-api.js';
