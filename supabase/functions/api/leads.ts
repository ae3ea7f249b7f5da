// /leads and /leads/{id}/interactions: the original backend's lead routes over public.leads and
// public.interactions, as the caller (row-level security: staff see every lead, a telecaller theirs).
import { ApiFailure, success } from '../_shared/api-response.ts';
import { readJsonBody, validated } from '../_shared/json-body.ts';
import { isCountryCode, toE164 } from '../_shared/phone.ts';
import { rowsOf } from './caller-rest.ts';
import { type ApiContext, MAX_BODY_BYTES, pageOf } from './context.ts';
import {
  type LeadChange,
  leadChange,
  leadListQuery,
  newInteraction,
  newLead,
  pageQuery,
  UUID,
} from './schemas.ts';

const defaultCountry = (Deno.env.get('API_DEFAULT_COUNTRY') ?? 'IN').toUpperCase();

const leadNotFound = () =>
  new ApiFailure('LEAD_NOT_FOUND', 'No lead has this id, or it is not one you can see.');
const phoneTaken = () =>
  new ApiFailure('CONFLICT', 'A lead with this phone number exists already.', 'phone');

function leadId(context: ApiContext): string {
  const id = context.params.id ?? '';
  if (!UUID.test(id)) throw leadNotFound();
  return id.toLowerCase();
}

/** The columns a create or change writes: the phone as typed plus its E.164 form, which leads dedupe by. */
function leadColumns(fields: LeadChange): Record<string, unknown> {
  const { country, ...columns } = fields;
  const row: Record<string, unknown> = { ...columns };
  if (country !== undefined) row.country = country;
  if (fields.phone !== undefined) {
    const region = country ?? defaultCountry;
    const phone = isCountryCode(region) ? toE164(fields.phone, region) : undefined;
    if (!phone) {
      throw new ApiFailure(
        'VALIDATION_ERROR',
        `phone: not a valid number (national numbers are read as ${region})`,
        'phone',
      );
    }
    row.phone_e164 = phone.e164;
    if (country === undefined && phone.country) row.country = phone.country;
  }
  return row;
}

/** The lead's id when the caller can see it, else LEAD_NOT_FOUND. */
async function visibleLead(context: ApiContext): Promise<string> {
  const id = leadId(context);
  const answer = await context.rest('GET', `/leads?id=eq.${id}&select=id`, 'read the lead');
  if (rowsOf(answer).length === 0) throw leadNotFound();
  return id;
}

export async function listLeads(context: ApiContext): Promise<Response> {
  const query = validated(leadListQuery, Object.fromEntries(context.query));
  const filter = query.status ? `status=eq.${query.status}` : '';
  return pageOf(context, 'leads', filter, 'created_at.desc,id.asc', query, 'list leads');
}

export async function createLead(context: ApiContext): Promise<Response> {
  const lead = await readJsonBody(context.request, newLead, MAX_BODY_BYTES);
  const answer = await context.rest('POST', '/leads', 'add leads', {
    body: leadColumns(lead),
    prefer: 'return=representation',
    refusals: { '23505': phoneTaken() },
  });
  return success(rowsOf(answer)[0], 201);
}

export async function getLead(context: ApiContext): Promise<Response> {
  const answer = await context.rest('GET', `/leads?id=eq.${leadId(context)}`, 'read the lead');
  const lead = rowsOf(answer)[0];
  if (!lead) throw leadNotFound();
  return success(lead);
}

export async function updateLead(context: ApiContext): Promise<Response> {
  const id = leadId(context);
  const change = await readJsonBody(context.request, leadChange, MAX_BODY_BYTES);
  const answer = await context.rest('PATCH', `/leads?id=eq.${id}`, 'change this lead', {
    body: leadColumns(change),
    prefer: 'return=representation',
    refusals: { '23505': phoneTaken() },
  });
  const lead = rowsOf(answer)[0];
  if (!lead) throw leadNotFound();
  return success(lead);
}

export async function deleteLead(context: ApiContext): Promise<Response> {
  const id = leadId(context);
  const answer = await context.rest('DELETE', `/leads?id=eq.${id}`, 'delete this lead', {
    prefer: 'return=representation',
  });
  const lead = rowsOf(answer)[0];
  if (lead) return success(lead);
  // Nothing deleted: either there is no such lead for this caller, or the policy keeps it (admins only).
  await visibleLead(context);
  throw new ApiFailure('FORBIDDEN', 'Only admins delete leads (and with them their history).');
}

export async function listInteractions(context: ApiContext): Promise<Response> {
  const query = validated(pageQuery, Object.fromEntries(context.query));
  const id = await visibleLead(context);
  return pageOf(
    context,
    'interactions',
    `lead_id=eq.${id}`,
    'occurred_at.desc,id.asc',
    query,
    "list the lead's interactions",
  );
}

export async function createInteraction(context: ApiContext): Promise<Response> {
  const interaction = await readJsonBody(context.request, newInteraction, MAX_BODY_BYTES);
  const id = await visibleLead(context);
  const answer = await context.rest('POST', '/interactions', 'log on this lead', {
    body: { ...interaction, lead_id: id },
    prefer: 'return=representation',
    // The lead was just seen, so the one reference that can be missing is the disposition code.
    refusals: {
      '23503': new ApiFailure(
        'VALIDATION_ERROR',
        'disposition: no disposition has this code',
        'disposition',
      ),
    },
  });
  return success(rowsOf(answer)[0], 201);
}
