import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A GitHub user as `GET /user` and `GET /user/emails` describe them. */
export interface GitHubAccount {
  id: number;
  login: string;
  name: string | null;
  emails: Array<{ email: string; primary: boolean; verified: boolean }>;
}

export interface FakeGitHub {
  /** `{ authorizeUrl, tokenUrl, apiUrl }` for the app's GitHub wiring. */
  urls: { authorizeUrl: string; tokenUrl: string; apiUrl: string };
  /** Who authorizes the app at the next visit of the authorize page. */
  signInAs(account: GitHubAccount): void;
  close(): Promise<void>;
}

/**
 * GitHub cannot run here: this stands in for its OAuth web flow and the two REST calls the app
 * makes, with GitHub's documented shapes — `/login/oauth/authorize` (redirects back with `code`
 * and `state`), `/login/oauth/access_token` (form body, JSON with `Accept: application/json`;
 * errors as 200 `{ error }` like GitHub), `/user`, `/user/emails`. It checks what GitHub checks:
 * client credentials, redirect URI, single-use codes and the PKCE verifier (S256).
 */
export async function startFakeGitHub(client: {
  clientId: string;
  clientSecret: string;
}): Promise<FakeGitHub> {
  let next: GitHubAccount | null = null;
  const codes = new Map<string, { account: GitHubAccount; redirectUri: string; challenge: string | null }>();
  const tokens = new Map<string, GitHubAccount>();

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => json(res, 500, { message: String(err) }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://github.invalid');
    if (req.method === 'GET' && url.pathname === '/login/oauth/authorize') {
      const q = url.searchParams;
      if (q.get('client_id') !== client.clientId || !next) return json(res, 400, { error: 'bad request' });
      const redirect = new URL(q.get('redirect_uri') ?? '');
      const code = randomBytes(10).toString('hex');
      codes.set(code, {
        account: next,
        redirectUri: redirect.href,
        challenge: q.get('code_challenge_method') === 'S256' ? q.get('code_challenge') : null,
      });
      redirect.searchParams.set('code', code);
      const state = q.get('state');
      if (state) redirect.searchParams.set('state', state);
      res.writeHead(302, { location: redirect.href });
      return res.end();
    }
    if (req.method === 'POST' && url.pathname === '/login/oauth/access_token') {
      const body = await readBody(req);
      const grant = codes.get(body.get('code') ?? '');
      codes.delete(body.get('code') ?? '');
      const verifier = body.get('code_verifier') ?? '';
      const ok =
        body.get('client_id') === client.clientId &&
        body.get('client_secret') === client.clientSecret &&
        grant !== undefined &&
        body.get('redirect_uri') === grant.redirectUri &&
        (grant.challenge === null ||
          createHash('sha256').update(verifier).digest('base64url') === grant.challenge);
      if (!ok || !grant) return json(res, 200, { error: 'bad_verification_code' });
      const token = `gho_${randomBytes(16).toString('hex')}`;
      tokens.set(token, grant.account);
      return json(res, 200, { access_token: token, token_type: 'bearer', scope: 'read:user,user:email' });
    }
    const account = tokens.get((req.headers.authorization ?? '').replace(/^Bearer /i, ''));
    if (!account) return json(res, 401, { message: 'Requires authentication' });
    if (req.method === 'GET' && url.pathname === '/user') {
      return json(res, 200, {
        login: account.login,
        id: account.id,
        name: account.name,
        email: account.emails.find((e) => e.primary)?.email ?? null,
      });
    }
    if (req.method === 'GET' && url.pathname === '/user/emails') {
      return json(
        res,
        200,
        account.emails.map((e) => ({ ...e, visibility: e.primary ? 'private' : null })),
      );
    }
    return json(res, 404, { message: 'Not Found' });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    urls: {
      authorizeUrl: `${base}/login/oauth/authorize`,
      tokenUrl: `${base}/login/oauth/access_token`,
      apiUrl: base,
    },
    signInAs(account) {
      next = account;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
