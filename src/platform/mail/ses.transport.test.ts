import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OutgoingMail } from './mail.port.js';
import { createSesTransport } from './ses.transport.js';

// SES cannot run here: the transport is checked at the SDK boundary, on the command it builds.
const client = new SESv2Client({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'AKIA', secretAccessKey: 's' },
});
const ses = mockClient(client);
afterEach(() => {
  ses.reset();
});

const mail: OutgoingMail = {
  from: 'GPUBROKER <no-reply@gpubroker.example>',
  to: 'ada@example.com',
  subject: 'Confirm your e-mail address',
  text: 'Hello Ada — confirm here: https://app.example/verify?t=1',
  html: '<p>Hello Ada — <a href="https://app.example/verify?t=1">confirm</a></p>',
};

describe('SES transport', () => {
  it('sends one SendEmailCommand with simple UTF-8 content and maps the MessageId', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: '0102018f-ses-message-id' });
    const transport = createSesTransport({ region: 'eu-west-1', client });

    await expect(transport.send(mail)).resolves.toEqual({ providerMessageId: '0102018f-ses-message-id' });

    const calls = ses.commandCalls(SendEmailCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      FromEmailAddress: mail.from,
      Destination: { ToAddresses: ['ada@example.com'] },
      Content: {
        Simple: {
          Subject: { Data: mail.subject, Charset: 'UTF-8' },
          Body: {
            Text: { Data: mail.text, Charset: 'UTF-8' },
            Html: { Data: mail.html, Charset: 'UTF-8' },
          },
        },
      },
    });
  });

  it('names the configuration set when one is given', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-2' });
    const transport = createSesTransport({
      region: 'eu-west-1',
      client,
      configurationSetName: 'gpubroker-live',
    });
    await transport.send(mail);
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.ConfigurationSetName).toBe('gpubroker-live');
  });

  it('maps a missing MessageId to null', async () => {
    ses.on(SendEmailCommand).resolves({});
    const transport = createSesTransport({ region: 'eu-west-1', client });
    await expect(transport.send(mail)).resolves.toEqual({ providerMessageId: null });
  });

  it('rejects with the SDK error when SES refuses the message', async () => {
    ses
      .on(SendEmailCommand)
      .rejects(Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' }));
    const transport = createSesTransport({ region: 'eu-west-1', client });
    await expect(transport.send(mail)).rejects.toThrow('Email address is not verified.');
  });

  it('does not destroy an injected client on close: its owner does', async () => {
    const destroy = vi.spyOn(client, 'destroy');
    await createSesTransport({ region: 'eu-west-1', client }).close();
    expect(destroy).not.toHaveBeenCalled();
    destroy.mockRestore();
  });
});
