import { formatUsd, formatUtc, html, httpUrl, type SafeHtml } from './html.js';

/** A template's parts. `html` returns the body only; `render` wraps it in the shared layout. */
export interface TemplateSpec<Vars> {
  name: string;
  /** Footer line telling the recipient why they got this e-mail. */
  reason: string;
  subject(vars: Vars): string;
  text(vars: Vars): string;
  html(vars: Vars): SafeHtml;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface MailTemplate<Vars> extends TemplateSpec<Vars> {
  /** Subject (one line), plain-text part and full HTML document, both with the shared footer. */
  render(vars: Vars): RenderedMail;
}

const BRAND = 'GPUBROKER';

/** Defines a template; the type parameter is the variables every caller must supply. */
export function defineTemplate<Vars>(spec: TemplateSpec<Vars>): MailTemplate<Vars> {
  return {
    ...spec,
    render(vars) {
      // A subject is one header line: newlines from a variable must not start a new header.
      const subject = spec.subject(vars).replace(/\s+/g, ' ').trim();
      return {
        subject,
        text: `${spec.text(vars).trim()}\n\n-- \n${BRAND}\n${spec.reason}\n`,
        html: layout(subject, spec.html(vars), spec.reason).value,
      };
    },
  };
}

function layout(subject: string, body: SafeHtml, reason: string): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${subject}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7;font-family:Helvetica,Arial,sans-serif;color:#1a1b1e">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px">
<tr><td style="padding:20px 32px;border-bottom:1px solid #e9ecef;font-size:18px;font-weight:bold;letter-spacing:1px;color:#228be6">${BRAND}</td></tr>
<tr><td style="padding:24px 32px;font-size:15px;line-height:1.5">${body}</td></tr>
<tr><td style="padding:16px 32px;border-top:1px solid #e9ecef;font-size:12px;color:#868e96">${reason}</td></tr>
</table></td></tr></table>
</body>
</html>
`;
}

function button(url: string, label: string): SafeHtml {
  const href = httpUrl(url);
  return html`<p style="margin:24px 0"><a href="${href}" style="display:inline-block;padding:10px 20px;background:#228be6;color:#ffffff;border-radius:4px;text-decoration:none">${label}</a></p>
<p style="font-size:13px;color:#868e96">Or open this link: <a href="${href}">${href}</a></p>`;
}

export const verifyEmail = defineTemplate<{ name: string; link: string }>({
  name: 'verify-email',
  reason: 'You received this e-mail because this address was used to sign up for GPUBROKER.',
  subject: () => 'Confirm your e-mail address',
  text: ({ name, link }) =>
    `Hello ${name},\n\nConfirm your e-mail address to finish creating your GPUBROKER account:\n\n${link}\n\n` +
    'If you did not sign up, ignore this e-mail.',
  html: ({ name, link }) => html`<p>Hello ${name},</p>
<p>Confirm your e-mail address to finish creating your GPUBROKER account.</p>
${button(link, 'Confirm e-mail address')}
<p>If you did not sign up, ignore this e-mail.</p>`,
});

export const podReadyActivate = defineTemplate<{
  name: string;
  podName: string;
  link: string;
  expiresAt: Date;
}>({
  name: 'pod-ready-activate',
  reason: 'You received this e-mail because you deployed a pod on GPUBROKER.',
  subject: ({ podName }) => `Your pod ${podName} is ready to activate`,
  text: ({ name, podName, link, expiresAt }) =>
    `Hello ${name},\n\nYour pod ${podName} is provisioned. Activate it to start it and get its connection details:\n\n` +
    `${link}\n\nThe link works once and expires at ${formatUtc(expiresAt)}.`,
  html: ({ name, podName, link, expiresAt }) => html`<p>Hello ${name},</p>
<p>Your pod <strong>${podName}</strong> is provisioned. Activate it to start it and get its connection details.</p>
${button(link, 'Activate pod')}
<p>The link works once and expires at ${formatUtc(expiresAt)}.</p>`,
});

export const podConnection = defineTemplate<{
  name: string;
  podName: string;
  sshCommand: string;
  jupyterUrl: string;
}>({
  name: 'pod-connection',
  reason: 'You received this e-mail because you activated a pod on GPUBROKER.',
  subject: ({ podName }) => `Connection details for ${podName}`,
  text: ({ name, podName, sshCommand, jupyterUrl }) =>
    `Hello ${name},\n\nYour pod ${podName} is running.\n\nSSH:\n  ${sshCommand}\n\nJupyter:\n  ${jupyterUrl}\n\n` +
    'Keep these details private: they grant access to your pod.',
  html: ({ name, podName, sshCommand, jupyterUrl }) => html`<p>Hello ${name},</p>
<p>Your pod <strong>${podName}</strong> is running.</p>
<p>SSH:</p>
<pre style="padding:12px;background:#f1f3f5;border-radius:4px;white-space:pre-wrap;word-break:break-all">${sshCommand}</pre>
<p>Jupyter: <a href="${httpUrl(jupyterUrl)}">${jupyterUrl}</a></p>
<p>Keep these details private: they grant access to your pod.</p>`,
});

export const invoice = defineTemplate<{ name: string; period: string; totalUsd: number; link: string }>({
  name: 'invoice',
  reason: 'You received this e-mail because you are billed for a GPUBROKER account.',
  subject: ({ period }) => `Your GPUBROKER invoice for ${period}`,
  text: ({ name, period, totalUsd, link }) =>
    `Hello ${name},\n\nYour invoice for ${period} is ready. Total: ${formatUsd(totalUsd)}.\n\nView it: ${link}`,
  html: ({ name, period, totalUsd, link }) => html`<p>Hello ${name},</p>
<p>Your invoice for ${period} is ready.</p>
<p style="font-size:20px"><strong>Total: ${formatUsd(totalUsd)}</strong></p>
${button(link, 'View invoice')}`,
});

export const genericNotice = defineTemplate<{ subject: string; message: string }>({
  name: 'generic-notice',
  reason: 'You received this e-mail because you have a GPUBROKER account.',
  subject: ({ subject }) => subject,
  text: ({ message }) => message,
  // Blank lines separate paragraphs; single newlines are kept as line breaks.
  html: ({ message }) => {
    const paragraphs = message.trim().split(/\n\s*\n/);
    return html`${paragraphs.map((p) => html`<p>${p.split('\n').map((line, i) => [i > 0 && html`<br>`, line])}</p>`)}`;
  },
});

/** Every template the platform sends, by name. A new e-mail adds its template here. */
export const mailTemplates = {
  'verify-email': verifyEmail,
  'pod-ready-activate': podReadyActivate,
  'pod-connection': podConnection,
  invoice,
  'generic-notice': genericNotice,
} as const;

export type TemplateName = keyof typeof mailTemplates;
export type TemplateVars<N extends TemplateName> = Parameters<(typeof mailTemplates)[N]['render']>[0];

/** Renders the named template with its variables. */
export function renderTemplate<N extends TemplateName>(name: N, vars: TemplateVars<N>): RenderedMail {
  const template = mailTemplates[name] as MailTemplate<TemplateVars<N>>;
  return template.render(vars);
}
