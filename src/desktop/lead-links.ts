// talentg://lead/<id>: a link in a CRM, a chat or an e-mail that opens one lead in the workstation.
// It arrives in argv (Windows, Linux), in macOS's open-url, or from a second launch of the app.
import { failure, type Failure } from '../domain/failure';
import { idSchema } from '../contract/wire-types';
import type { OpenLead } from './lead-opener';

export const LEAD_LINK_SCHEME = 'talentg';

/** Far longer than any real link; a longer argument is not parsed at all. */
const MAX_LINK_LENGTH = 512;

export type ParsedLeadLink =
  { readonly ok: true; readonly leadId: string } | Failure<'INVALID_REQUEST'>;

const refused = (message: string): Failure<'INVALID_REQUEST'> =>
  failure('INVALID_REQUEST', message);

/** Reads `talentg://lead/<uuid>`; anything else (another host, a query, a malformed id) is refused. */
export function parseLeadLink(value: unknown): ParsedLeadLink {
  if (typeof value !== 'string' || value.length > MAX_LINK_LENGTH) {
    return refused('A lead link is a short talentg://lead/<id> text.');
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return refused('This is not a link.');
  }
  if (url.protocol !== `${LEAD_LINK_SCHEME}:` || url.hostname !== 'lead') {
    return refused('Only talentg://lead/<id> links open a lead.');
  }
  if (
    url.username !== '' ||
    url.password !== '' ||
    url.port !== '' ||
    url.search !== '' ||
    url.hash !== ''
  ) {
    return refused('A lead link carries nothing but the lead id.');
  }
  const leadId = url.pathname.replace(/^\/|\/$/g, '');
  if (!idSchema.safeParse(leadId).success) return refused('The link does not name a lead id.');
  return { ok: true, leadId: leadId.toLowerCase() };
}

/** The argument of a launch that is a lead link, if any (Windows and Linux pass the URL in argv). */
export function leadLinkInArgv(argv: readonly string[]): string | null {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${LEAD_LINK_SCHEME}://lead`)) ?? null;
}

export interface LeadLinkInbox {
  /** Opens the link's lead now, or once the window can take it; answers the refusal of a bad link. */
  receive(link: unknown): Failure<'INVALID_REQUEST'> | null;
  /** The window (and its page) is ready: open the lead that arrived before it was. */
  windowReady(): void;
}

/** Holds the one link that arrived before the window could show it (a cold start from a link). */
export function leadLinkInbox(openLead: OpenLead, warn: (message: string) => void): LeadLinkInbox {
  let waiting: string | null = null;
  return {
    receive: (link) => {
      const parsed = parseLeadLink(link);
      if (!parsed.ok) {
        warn(`refused a lead link: ${parsed.message}`);
        return parsed;
      }
      if (!openLead(parsed.leadId)) waiting = parsed.leadId;
      return null;
    },
    windowReady: () => {
      if (waiting !== null && openLead(waiting)) waiting = null;
    },
  };
}
