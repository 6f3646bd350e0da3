import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMail, type SmtpSink, startSmtpSink } from '../../../test/support/smtp-sink.js';
import type { OutgoingMail } from './mail.port.js';
import { createSmtpTransport } from './smtp.transport.js';

const mail: OutgoingMail = {
  from: 'GPUBROKER <no-reply@gpubroker.test>',
  to: 'ada@example.com',
  subject: 'Pod ready — äöü',
  text: `Hello Ada,\n\nyour pod is ready. ${'Long line that forces a transfer encoding. '.repeat(4)}\n\nÉté ✓`,
  html: '<!doctype html><p>Hello <strong>Ada</strong>, your pod is ready.</p><p>Été ✓</p>',
};

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink({
    rejectRecipients: ['nobody@example.com'],
    credentials: { user: 'relay-user', pass: 'p@ss:word' },
  });
});
afterAll(async () => {
  await sink?.close();
});

const withCredentials = (url: string, user: string, pass: string) => {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(pass);
  return u.toString();
};

describe('SMTP transport against a real SMTP server', () => {
  it('delivers From, To, Subject and both the text and the HTML part, authenticating from the URL', async () => {
    const transport = createSmtpTransport({ url: withCredentials(sink.url, 'relay-user', 'p@ss:word') });
    const before = sink.received.length;
    const { providerMessageId } = await transport.send(mail);
    await transport.close();

    expect(sink.received).toHaveLength(before + 1);
    const got = sink.received.at(-1)!;
    expect(got.user).toBe('relay-user');
    expect(got.envelopeFrom).toBe('no-reply@gpubroker.test');
    expect(got.envelopeTo).toEqual(['ada@example.com']);

    const parsed = parseMail(got.raw);
    expect(parsed.headers.from).toBe('GPUBROKER <no-reply@gpubroker.test>');
    expect(parsed.headers.to).toBe('ada@example.com');
    expect(parsed.headers.subject).toBe(mail.subject);
    expect(parsed.headers['content-type']).toMatch(/^multipart\/alternative;/);
    expect(parsed.text).toBe(mail.text);
    expect(parsed.html).toBe(mail.html);
    expect(providerMessageId).toMatch(/^<.+@.+>$/);
    expect(parsed.headers['message-id']).toBe(providerMessageId);
  });

  it('rejects when the server refuses the recipient, and nothing is delivered', async () => {
    const transport = createSmtpTransport({ url: sink.url });
    const before = sink.received.length;
    await expect(transport.send({ ...mail, to: 'nobody@example.com' })).rejects.toThrow(
      /Mailbox unavailable/,
    );
    await transport.close();
    expect(sink.received).toHaveLength(before);
  });

  it('rejects when the relay refuses the credentials', async () => {
    const transport = createSmtpTransport({ url: withCredentials(sink.url, 'relay-user', 'wrong') });
    const before = sink.received.length;
    await expect(transport.send(mail)).rejects.toThrow(/Invalid username or password/);
    await transport.close();
    expect(sink.received).toHaveLength(before);
  });

  it('rejects when nothing listens at the URL', async () => {
    const closed = await startSmtpSink();
    await closed.close();
    const transport = createSmtpTransport({ url: closed.url });
    await expect(transport.send(mail)).rejects.toThrow(/ECONNREFUSED/);
    await transport.close();
  });

  it('delivers over smtps:// with TLS options from the URL query', async () => {
    const tlsSink = await startSmtpSink({ secure: true });
    try {
      // The sink's certificate is self-signed, as a dev relay's often is.
      const transport = createSmtpTransport({ url: `${tlsSink.url}?tls.rejectUnauthorized=false` });
      await transport.send(mail);
      await transport.close();
      expect(tlsSink.received).toHaveLength(1);
      expect(parseMail(tlsSink.received[0]!.raw).text).toBe(mail.text);

      const strict = createSmtpTransport({ url: tlsSink.url });
      await expect(strict.send(mail)).rejects.toThrow(/certificate/i);
      await strict.close();
      expect(tlsSink.received).toHaveLength(1);
    } finally {
      await tlsSink.close();
    }
  });
});
