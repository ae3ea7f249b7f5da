// The server's rows as sync_pull and sync_bootstrap send them (snake_case, ISO instants), parsed into
// the cache's rows (epoch ms). A row that does not parse stops the page: nothing is half applied.
import { z } from 'zod';
import { LEAD_STATUSES } from '../../domain/lead.js';
import { CacheError } from './cache-error.js';
import type { ServerRow } from './cache-port.js';
import type { CachedCallback, CachedDisposition, CachedInteraction, CachedLead } from './rows.js';

const instant = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'not an ISO instant')
  .transform((value) => Date.parse(value));
const optionalInstant = instant.nullish().transform((value) => value ?? null);
const optionalText = z
  .string()
  .nullish()
  .transform((value) => value ?? null);

const serverLeadSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  email: optionalText,
  phone: optionalText,
  phone_e164: z.string(),
  company: optionalText,
  status: z.enum(LEAD_STATUSES),
  source: optionalText,
  assigned_to: optionalText,
  time_zone: optionalText,
  country: optionalText,
  priority: z.number().int(),
  attempts: z.number().int(),
  last_contact_at: optionalInstant,
  recycle_at: optionalInstant,
  callback_due_at: optionalInstant,
  do_not_call: z.boolean(),
  consent: z.enum(['unknown', 'granted', 'withdrawn']).default('unknown'),
  consent_at: optionalInstant,
  created_by: optionalText,
  created_at: instant,
  updated_at: instant,
  version: z.coerce.number().int().positive(),
});

const serverInteractionSchema = z.looseObject({
  id: z.string().min(1),
  lead_id: z.string().min(1),
  type: z.enum(['call', 'email', 'meeting', 'note']),
  content: z.string().default(''),
  disposition: optionalText,
  duration_seconds: z
    .number()
    .int()
    .nullish()
    .transform((value) => value ?? null),
  occurred_at: instant,
  created_at: instant,
  created_by: optionalText,
  updated_at: instant,
});

const serverCallbackSchema = z.looseObject({
  id: z.string().min(1),
  lead_id: z.string().min(1),
  owner_id: optionalText,
  scope: z.enum(['personal', 'anyone']),
  due_at: instant,
  state: z.enum(['pending', 'done', 'cancelled', 'missed']),
  note: z.string().default(''),
  created_by: optionalText,
  closed_at: optionalInstant,
  created_at: instant,
  updated_at: instant,
});

const serverDispositionSchema = z.looseObject({
  code: z.string().min(1),
  label: z.string(),
  description: z.string().default(''),
  human_contact: z.boolean(),
  sale: z.boolean(),
  dnc: z.boolean(),
  callback: z.boolean(),
  final: z.boolean(),
  qualifies: z.boolean().default(false),
  recycle_after_minutes: z
    .number()
    .int()
    .positive()
    .nullish()
    .transform((value) => value ?? null),
  hotkey: optionalText,
  sort_order: z.number().int().default(0),
  is_active: z.boolean().default(true),
  created_at: optionalInstant,
  updated_at: optionalInstant,
});

function parseServerRow<T>(schema: z.ZodType<T>, entity: string, row: unknown): T {
  const parsed = schema.safeParse(row);
  if (parsed.success) return parsed.data;
  const id = typeof row === 'object' && row !== null ? (row as { id?: unknown }).id : undefined;
  throw new CacheError(
    'CACHE_ROW_INVALID',
    `The server sent a ${entity} row the cache cannot read.`,
    {
      entity,
      id,
      issues: parsed.error.issues.slice(0, 5),
    },
  );
}

export function leadFromServer(row: ServerRow): CachedLead {
  const lead = parseServerRow(serverLeadSchema, 'lead', row);
  return {
    id: lead.id,
    name: lead.name,
    email: lead.email,
    phone: lead.phone,
    phone_e164: lead.phone_e164,
    company: lead.company,
    status: lead.status,
    source: lead.source,
    assigned_to: lead.assigned_to,
    time_zone: lead.time_zone ?? '',
    country: lead.country,
    priority: lead.priority,
    attempts: lead.attempts,
    last_contact_at: lead.last_contact_at,
    recycle_at: lead.recycle_at,
    callback_due_at: lead.callback_due_at,
    do_not_call: lead.do_not_call,
    consent: lead.consent,
    consent_withdrawn: lead.consent === 'withdrawn',
    consent_at: lead.consent_at,
    created_by: lead.created_by,
    created_at: lead.created_at,
    updated_at: lead.updated_at,
    version: lead.version,
  };
}

export function interactionFromServer(row: ServerRow): CachedInteraction {
  return { ...parseServerRow(serverInteractionSchema, 'interaction', row), local_seq: null };
}

export function callbackFromServer(row: ServerRow): CachedCallback {
  return { ...parseServerRow(serverCallbackSchema, 'callback', row), local_seq: null };
}

export function dispositionFromServer(row: unknown): CachedDisposition {
  const d = parseServerRow(serverDispositionSchema, 'disposition', row);
  return {
    code: d.code,
    label: d.label,
    description: d.description,
    human_contact: d.human_contact,
    sale: d.sale,
    dnc: d.dnc,
    callback: d.callback,
    final: d.final,
    qualifies: d.qualifies,
    ...(d.recycle_after_minutes === null ? {} : { recycle_after_minutes: d.recycle_after_minutes }),
    hotkey: d.hotkey,
    sort_order: d.sort_order,
    is_active: d.is_active,
  };
}
