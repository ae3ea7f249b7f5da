// The lead as the pure logic sees it: the fields that ordering, dispositions and dialling rules read.

/** Instants are epoch milliseconds: cheap to compare across 100k leads; adapters convert ISO at the edge. */
export type EpochMs = number;

export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'converted', 'lost'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** Statuses that take a lead out of every queue. */
export const FINAL_STATUS: Readonly<Record<LeadStatus, boolean>> = {
  new: false,
  contacted: false,
  qualified: false,
  converted: true,
  lost: true,
};

export function isFinalStatus(status: LeadStatus): boolean {
  return FINAL_STATUS[status];
}

export interface Lead {
  readonly id: string;
  readonly status: LeadStatus;
  /** Higher is called first among new leads; managers set it. */
  readonly priority: number;
  readonly phone_e164: string;
  /** IANA zone of the lead, e.g. 'Asia/Kolkata'; calling windows are judged in it. */
  readonly time_zone: string;
  readonly do_not_call: boolean;
  readonly consent_withdrawn: boolean;
  readonly attempts: number;
  readonly created_at: EpochMs;
  readonly last_contact_at: EpochMs | null;
  /** The pending callback, if one is promised. */
  readonly callback_due_at: EpochMs | null;
  /** Earliest re-dial after a no-answer style disposition; null means no delay was asked for. */
  readonly recycle_at: EpochMs | null;
  readonly assigned_to: string | null;
}
