import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server does with one request. */
export type ScriptedReply =
  /** Never answers: the request stays open until the client gives up. */
  'hang' | { status: number; headers?: Record<string, string>; body?: unknown };

export interface ScriptedServer {
  baseUrl: string;
  /** Every request received, in order, with what became of it. */
  requests: Array<{ path: string; headers: IncomingHttpHeaders; outcome: 'answered' | 'pending' | 'closed' }>;
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 that answers the n-th request with `script[n]` (the last entry
 * repeats). A hung request is marked `closed` when the client closes its socket, which is how a
 * test sees that a timeout really aborted the request.
 */
export async function startScriptedServer(script: ScriptedReply[]): Promise<ScriptedServer> {
  const requests: ScriptedServer['requests'] = [];
  const open = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const record: ScriptedServer['requests'][number] = {
      path: req.url ?? '/',
      headers: req.headers,
      outcome: 'pending',
    };
    requests.push(record);
    const reply = script[Math.min(requests.length - 1, script.length - 1)];
    if (reply === undefined) throw new Error('empty script');
    if (reply === 'hang') {
      open.add(res);
      res.on('close', () => {
        open.delete(res);
        record.outcome = 'closed';
      });
      return;
    }
    record.outcome = 'answered';
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(JSON.stringify(reply.body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
