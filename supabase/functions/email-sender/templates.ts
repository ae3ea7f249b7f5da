// What each outbox template says. A template with a Brevo template id (BREVO_TEMPLATE_IDS) is rendered by
// Brevo from the row's variables as `params`, so wording changes need no deploy; without one, the
// built-in subject and HTML below are sent, so a fresh project mails without any Brevo setup.

export interface EmailContent {
  templateId?: number;
  subject?: string;
  htmlContent?: string;
  params?: Record<string, unknown>;
}

type Variables = Record<string, unknown>;

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** A variable as text safe inside HTML: the variables come from what people typed (notes, names). */
function text(variables: Variables, name: string): string {
  const value = variables[name];
  const shown = value === null || value === undefined ? '' : String(value);
  return shown.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}

function when(variables: Variables, name: string): string {
  const value = variables[name];
  if (typeof value !== 'string') return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? text(variables, name) : date.toUTCString();
}

const BUILT_IN: Record<string, (v: Variables) => { subject: string; html: string }> = {
  callback_reminder: (v) => ({
    subject: `Callback due: ${v.lead_name ?? 'a lead'}`,
    html:
      `<p>Hi ${text(v, 'full_name')},</p><p>Your callback to <b>${text(v, 'lead_name')}</b> is due at ` +
      `${when(v, 'due_at')}.</p>${v.note ? `<p>Note: ${text(v, 'note')}</p>` : ''}` +
      '<p>Open TalentG Workstation to call.</p>',
  }),
  assessment_invitation: (v) => ({
    subject: `Assessment assigned: ${v.assessment_title ?? 'an assessment'}`,
    html:
      `<p>Hi ${text(v, 'full_name')},</p><p>You have been asked to take <b>${text(v, 'assessment_title')}</b>` +
      `${v.due_at ? ` by ${when(v, 'due_at')}` : ''}.</p><p>Open TalentG Workstation to start it.</p>`,
  }),
  manager_digest: (v) => ({
    subject: `Floor digest for ${v.day ?? 'yesterday'}`,
    html:
      `<p>Hi ${text(v, 'full_name')},</p><p>The floor on ${text(v, 'day')} (${text(v, 'time_zone')}):</p>` +
      `<ul><li>${text(v, 'calls')} calls</li><li>${text(v, 'new_leads')} new leads</li>` +
      `<li>${text(v, 'callbacks_done')} callbacks done, ${text(v, 'callbacks_missed')} missed</li></ul>`,
  }),
};

/** Template ids by outbox template, from BREVO_TEMPLATE_IDS (`{"callback_reminder": 12}`). */
export function templateIdsFromEnv(value: string | undefined): Record<string, number> {
  if (!value) return {};
  const parsed: unknown = JSON.parse(value);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(
      'BREVO_TEMPLATE_IDS must be a JSON object of template names to Brevo template ids',
    );
  }
  for (const [name, id] of Object.entries(parsed)) {
    if (!Number.isInteger(id) || (id as number) < 1) {
      throw new Error(`BREVO_TEMPLATE_IDS.${name} must be a positive whole number`);
    }
  }
  return parsed as Record<string, number>;
}

/** The content of one email, or undefined when the template is neither in Brevo nor built in. */
export function contentOf(
  template: string,
  variables: Variables,
  templateIds: Record<string, number>,
): EmailContent | undefined {
  const templateId = Object.hasOwn(templateIds, template) ? templateIds[template] : undefined;
  if (templateId !== undefined) return { templateId, params: variables };
  const builtIn = Object.hasOwn(BUILT_IN, template) ? BUILT_IN[template] : undefined;
  if (!builtIn) return undefined;
  const { subject, html } = builtIn(variables);
  return { subject, htmlContent: html };
}
