import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * Test support: a real SMTP server (smtp-server) on 127.0.0.1 that keeps what it receives, and
 * a small MIME reader for nodemailer's multipart/alternative output. Not used by src.
 */
export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  /** The user that authenticated, when the client sent AUTH. */
  user: string | undefined;
  raw: string;
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>` (or `smtps://` when secure), without credentials. */
  url: string;
  received: ReceivedMail[];
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** TLS from the first byte, with smtp-server's built-in self-signed certificate. */
  secure?: boolean;
  /** Recipients answered with `550 mailbox unavailable` at RCPT TO. */
  rejectRecipients?: string[];
  /** Accepted credentials; anything else fails AUTH. Authentication stays optional. */
  credentials?: { user: string; pass: string };
}

export async function startSmtpSink(opts: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const rejected = new Set((opts.rejectRecipients ?? []).map((a) => a.toLowerCase()));
  const server = new SMTPServer({
    secure: opts.secure ?? false,
    authOptional: true,
    allowInsecureAuth: true,
    // Without TLS material of its own, a STARTTLS offer would fail the client's certificate check.
    disabledCommands: opts.secure ? [] : ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      const ok =
        opts.credentials &&
        auth.username === opts.credentials.user &&
        auth.password === opts.credentials.pass;
      if (!ok) return callback(new Error('Invalid username or password'));
      callback(null, { user: auth.username });
    },
    onRcptTo(address, _session, callback) {
      if (rejected.has(address.address.toLowerCase())) {
        return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `${opts.secure ? 'smtps' : 'smtp'}://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ParsedMail {
  /** Header names lower-cased, folded lines joined, RFC 2047 words decoded. */
  headers: Record<string, string>;
  text: string | undefined;
  html: string | undefined;
}

/** Reads a single-part or multipart/alternative message with 7bit, QP or base64 parts. */
export function parseMail(raw: string): ParsedMail {
  const { headers, body } = splitEntity(raw);
  const parts: { headers: Record<string, string>; body: string }[] = [];
  const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  if (boundary) {
    const sections = body.split(`--${boundary}`).slice(1, -1);
    for (const section of sections) parts.push(splitEntity(section.replace(/^\r\n/, '')));
  } else {
    parts.push({ headers, body });
  }
  const find = (type: string) => {
    const part = parts.find((p) => (p.headers['content-type'] ?? '').toLowerCase().startsWith(type));
    return part ? decodeBody(part.body, part.headers['content-transfer-encoding'] ?? '7bit') : undefined;
  };
  return { headers, text: find('text/plain'), html: find('text/html') };
}

function splitEntity(entity: string): { headers: Record<string, string>; body: string } {
  const end = entity.indexOf('\r\n\r\n');
  const head = end < 0 ? entity : entity.slice(0, end);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  return { headers, body: end < 0 ? '' : entity.slice(end + 4) };
}

function decodeBody(body: string, encoding: string): string {
  const trimmed = body.replace(/\r\n$/, '');
  let decoded: string;
  if (/base64/i.test(encoding)) decoded = Buffer.from(trimmed.replace(/\s+/g, ''), 'base64').toString('utf8');
  else if (/quoted-printable/i.test(encoding)) decoded = decodeQp(trimmed);
  else decoded = trimmed;
  return decoded.replace(/\r\n/g, '\n');
}

function decodeQp(text: string): string {
  const bytes = text
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _charset: string, enc: string, data: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQp(data.replace(/_/g, ' ')),
    );
}
