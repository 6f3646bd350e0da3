import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedPost {
  connectionId: string;
  body: string;
  authorization: string;
}

/**
 * A local stand-in for API Gateway's management API (tests only): `POST /{stage}/@connections/{id}`
 * with the raw frame as body, `DELETE /{stage}/@connections/{id}`; a connection in `gone` answers
 * 410 `GoneException` as the real one does, one in `failing` answers that status. Deleting a
 * connection makes it gone. The real AWS SDK talks HTTP to it.
 */
export async function startFakeManagementApi(stage = 'test') {
  const posts: RecordedPost[] = [];
  const deletes: string[] = [];
  /** Every request, answered or refused: method, connection id, status. */
  const requests: Array<{ method: string; connectionId: string; status: number }> = [];
  const gone = new Set<string>();
  const failing = new Map<string, { status: number; type: string }>();
  const waiters = new Set<{ ready: () => boolean; resolve: () => void }>();

  const read = (req: IncomingMessage) =>
    new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });

  const server: Server = createServer(async (req, res) => {
    const body = await read(req);
    const match = /^\/([^/]+)\/@connections\/([^/?]+)$/.exec(req.url ?? '');
    const fail = (status: number, type: string) => {
      requests.push({ method: req.method ?? '', connectionId: decodeURIComponent(match?.[2] ?? ''), status });
      res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type });
      res.end(JSON.stringify({ message: type }));
    };
    if (!match || match[1] !== stage) fail(404, 'NotFoundException');
    else {
      const id = decodeURIComponent(match[2]!);
      const failure = failing.get(id);
      if (gone.has(id)) fail(410, 'GoneException');
      else if (failure) fail(failure.status, failure.type);
      else if (req.method === 'POST') {
        requests.push({ method: 'POST', connectionId: id, status: 200 });
        posts.push({
          connectionId: id,
          body: body.toString('utf8'),
          authorization: req.headers.authorization ?? '',
        });
        res.writeHead(200).end();
      } else if (req.method === 'DELETE') {
        requests.push({ method: 'DELETE', connectionId: id, status: 204 });
        deletes.push(id);
        gone.add(id);
        res.writeHead(204).end();
      } else fail(405, 'BadRequestException');
    }
    for (const w of waiters)
      if (w.ready()) {
        waiters.delete(w);
        w.resolve();
      }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}/${stage}`,
    posts,
    deletes,
    requests,
    gone,
    failing,
    /** The frames a connection received, parsed, in arrival order. */
    framesOf: (connectionId: string): Array<Record<string, unknown>> =>
      posts.filter((p) => p.connectionId === connectionId).map((p) => JSON.parse(p.body)),
    /** Resolves once `ready()` holds (checked now and after every request). */
    waitFor(ready: () => boolean): Promise<void> {
      if (ready()) return Promise.resolve();
      return new Promise((resolve) => waiters.add({ ready, resolve }));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type FakeManagementApi = Awaited<ReturnType<typeof startFakeManagementApi>>;
