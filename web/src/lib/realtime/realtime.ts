import { accessToken, subscribe as onSessionChange, refresh } from '../auth/session.store';
import { RealtimeClient, type SocketFactory } from './realtime-client';

/** The browser's WebSocket behind the client's transport interface. */
const browserSocket: SocketFactory = (url, events) => {
  const ws = new WebSocket(url);
  ws.onopen = () => events.open();
  ws.onmessage = (event) => {
    if (typeof event.data === 'string') events.message(event.data);
  };
  // An error is always followed by a close event: reconnecting is decided there.
  ws.onclose = (event) => events.close(event.code, event.reason);
  return { send: (text) => ws.send(text), close: (code, reason) => ws.close(code, reason) };
};

let client: RealtimeClient | null = null;

/**
 * The app's one real-time connection, created on first use: same origin (`/api/v2/ws`), the
 * session's access token, re-authenticated whenever the session rotates it.
 */
export function realtimeClient(): RealtimeClient {
  client ??= new RealtimeClient({
    url: `${location.origin.replace(/^http/, 'ws')}/api/v2/ws`,
    connect: browserSocket,
    getToken: accessToken,
    onTokenChange: onSessionChange,
    refreshToken: async () => ((await refresh()) ? accessToken() : null),
  });
  return client;
}
