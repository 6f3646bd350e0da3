import { describe, expect, it } from 'vitest';
import { escapeHtml, html, httpUrl } from './html.js';
import { defineTemplate, mailTemplates, renderTemplate } from './templates.js';

const evilName = '<script>alert("x")</script> & Co';
const escapedName = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co';

describe('html tagged template', () => {
  it('escapes interpolated strings and numbers but keeps nested html', () => {
    const inner = html`<b>${'a<b'}</b>`;
    expect(html`<p title="${`"'`}">${inner} ${42} ${null}${undefined}${false}</p>`.value).toBe(
      '<p title="&quot;&#39;"><b>a&lt;b</b> 42 </p>',
    );
  });

  it('escapes every element of an array', () => {
    expect(html`<ul>${['<1>', html`<li>ok</li>`]}</ul>`.value).toBe('<ul>&lt;1&gt;<li>ok</li></ul>');
  });

  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`&<>"'x`)).toBe('&amp;&lt;&gt;&quot;&#39;x');
  });

  it('accepts only absolute http(s) links', () => {
    expect(httpUrl('https://app.example/a?b=1&c=2')).toBe('https://app.example/a?b=1&c=2');
    expect(() => httpUrl('javascript:alert(1)')).toThrow(/http or https/);
    expect(() => httpUrl('/relative')).toThrow(/absolute URL/);
  });
});

describe('mail templates', () => {
  it('registers every template under its own name', () => {
    for (const [key, template] of Object.entries(mailTemplates)) expect(template.name).toBe(key);
    expect(Object.keys(mailTemplates).sort()).toEqual(
      ['generic-notice', 'invoice', 'pod-connection', 'pod-ready-activate', 'verify-email'].sort(),
    );
  });

  it('escapes a hostile name in the HTML part and keeps it verbatim in the text part', () => {
    const out = renderTemplate('verify-email', {
      name: evilName,
      link: 'https://app.example/verify?t=a&u=b',
    });
    expect(out.html).toContain(`Hello ${escapedName},`);
    expect(out.html).not.toContain('<script>');
    expect(out.html).toContain('href="https://app.example/verify?t=a&amp;u=b"');
    expect(out.text).toContain(`Hello ${evilName},`);
    expect(out.text).toContain('https://app.example/verify?t=a&u=b');
    expect(out.subject).toBe('Confirm your e-mail address');
  });

  it('wraps the HTML in the shared layout and adds the footer to both parts', () => {
    const out = renderTemplate('verify-email', { name: 'Ada', link: 'https://app.example/v' });
    expect(out.html).toMatch(/^<!doctype html>/);
    expect(out.html).toContain('<title>Confirm your e-mail address</title>');
    expect(out.html).toContain('GPUBROKER</td>');
    const reason = mailTemplates['verify-email'].reason;
    expect(out.html).toContain(reason);
    expect(out.text.endsWith(`\n\n-- \nGPUBROKER\n${reason}\n`)).toBe(true);
  });

  it('refuses to render a javascript: link', () => {
    expect(() => renderTemplate('verify-email', { name: 'Ada', link: 'javascript:alert(1)' })).toThrow(
      TypeError,
    );
  });

  it('puts the pod name in the activation subject and the expiry in UTC', () => {
    const out = renderTemplate('pod-ready-activate', {
      name: 'Ada',
      podName: 'llama <train>',
      link: 'https://app.example/activate/tok',
      expiresAt: new Date('2026-03-04T05:06:07Z'),
    });
    expect(out.subject).toBe('Your pod llama <train> is ready to activate');
    expect(out.html).toContain('<title>Your pod llama &lt;train&gt; is ready to activate</title>');
    expect(out.html).toContain('<strong>llama &lt;train&gt;</strong>');
    expect(out.text).toContain('expires at 2026-03-04 05:06 UTC');
    expect(out.html).toContain('expires at 2026-03-04 05:06 UTC');
  });

  it('shows SSH command and Jupyter URL in both parts', () => {
    const vars = {
      name: 'Ada',
      podName: 'p1',
      sshCommand: 'ssh -p 2222 root@203.0.113.7 -i ~/.ssh/id_ed25519',
      jupyterUrl: 'https://203.0.113.7:8888/?token=abc&x=1',
    };
    const out = renderTemplate('pod-connection', vars);
    expect(out.subject).toBe('Connection details for p1');
    expect(out.text).toContain(vars.sshCommand);
    expect(out.text).toContain(vars.jupyterUrl);
    expect(out.html).toContain('ssh -p 2222 root@203.0.113.7 -i ~/.ssh/id_ed25519</pre>');
    expect(out.html).toContain('href="https://203.0.113.7:8888/?token=abc&amp;x=1"');
  });

  it('formats the invoice total in dollars', () => {
    const out = renderTemplate('invoice', {
      name: 'Ada',
      period: '2026-02',
      totalUsd: 1234.5,
      link: 'https://app.example/billing/inv_1',
    });
    expect(out.subject).toBe('Your GPUBROKER invoice for 2026-02');
    expect(out.text).toContain('Total: $1,234.50.');
    expect(out.html).toContain('Total: $1,234.50');
  });

  it('keeps a generic notice subject on one line and turns its paragraphs into HTML', () => {
    const out = renderTemplate('generic-notice', {
      subject: 'Maintenance\r\nBcc: victim@example.com',
      message: 'Line one\nline <two>\n\nSecond paragraph',
    });
    expect(out.subject).toBe('Maintenance Bcc: victim@example.com');
    expect(out.html).toContain('<p>Line one<br>line &lt;two&gt;</p><p>Second paragraph</p>');
    expect(out.text.startsWith('Line one\nline <two>\n\nSecond paragraph\n\n-- \n')).toBe(true);
  });

  it('defineTemplate gives a typed render with the layout', () => {
    const hello = defineTemplate<{ who: string }>({
      name: 'hello',
      reason: 'Because.',
      subject: ({ who }) => `Hi ${who}`,
      text: ({ who }) => `Hi ${who}`,
      html: ({ who }) => html`<p>Hi ${who}</p>`,
    });
    const out = hello.render({ who: '<b>' });
    expect(out).toMatchObject({ subject: 'Hi <b>', text: 'Hi <b>\n\n-- \nGPUBROKER\nBecause.\n' });
    expect(out.html).toContain('<p>Hi &lt;b&gt;</p>');
  });
});
