// A valid and an invalid sample of every operation and event: the contract's tests run on them, and a
// stand-in core (renderer development, e2e fakes) can answer with them.
import { DEFAULT_DISPOSITIONS } from '../../src/domain/dispositions';
import type { EventName, EventPayload } from '../../src/contract/events';
import type {
  ArgsInputOf,
  Handlers,
  OperationName,
  ResultOf,
} from '../../src/contract/operation-map';
import type { WireCallback, WireInteraction, WireLead } from '../../src/contract/records';
import type { DeadLetter } from '../../src/contract/operations/sync';

/** A value the schema must refuse, and the path of the field its first issue must name. */
export interface Refused {
  readonly value: unknown;
  readonly path: readonly PropertyKey[];
}

export interface OperationExample<K extends OperationName> {
  readonly args: ArgsInputOf<K>;
  readonly badArgs: Refused;
  readonly result: ResultOf<K>;
  readonly badResult: Refused;
}

export interface EventExample<E extends EventName> {
  readonly payload: EventPayload<E>;
  readonly badPayload: Refused;
}

const USER_ID = '00000000-0000-4000-8000-000000000004';
const LEAD_ID = '00000000-0000-4000-8000-00000000c001';
const CALLBACK_ID = '00000000-0000-4000-8000-00000000d001';
const ASSESSMENT_ID = '00000000-0000-4000-8000-00000000a001';
/** A small valid definition in the domain's words (authoring:*). */
const AUTHORED_DEFINITION = {
  questions: [
    {
      id: 'q1',
      section: 'basics',
      type: 'single_choice' as const,
      prompt: 'How should a call open?',
      options: [
        { id: 'a', label: 'Greet and give your name', points: 4 },
        { id: 'b', label: 'Start with the fee', points: 0 },
      ],
      required: true,
    },
  ],
  scoring_rules: { sections: [{ id: 'basics', title: 'Basics', weight: 1 }], pass_mark: 60 },
};
const RESPONSE_ID = '00000000-0000-4000-8000-00000000e001';
const NOW = '2026-11-24T10:00:00.000Z';
/** An admin's grant of a paid assessment to USER_ID. */
const UNLOCK = {
  id: '00000000-0000-4000-8000-0000000000e1',
  user_id: USER_ID,
  assessment_id: ASSESSMENT_ID,
  source: 'grant',
  granted_by: '00000000-0000-4000-8000-000000000001',
  created_at: NOW,
  revoked_at: null,
} as const;
const FACTOR_ID = '00000000-0000-4000-8000-00000000f001';
const RELEASE_ID = '00000000-0000-4000-8000-0000000c0a01';
const RELEASE = {
  id: RELEASE_ID,
  version: '1.4.0',
  channel: 'stable' as const,
  platform: 'win32' as const,
  arch: 'x64' as const,
  file_name: 'TalentG-Setup-1.4.0.exe',
  url: 'https://downloads.talentg.test/TalentG-Setup-1.4.0.exe',
  sha512: 'a'.repeat(128),
  size_bytes: 84_000_000,
  staged_percentage: 100,
  notes: '',
  published_at: NOW,
  pulled_at: null,
  pulled_reason: null,
  updated_at: NOW,
};
const PRODUCT = {
  id: '00000000-0000-4000-8000-0000000000f1',
  kind: 'assessment',
  name: 'Floor basics (certified)',
  assessment_id: ASSESSMENT_ID,
  assessment_title: 'Floor basics',
  seats: null,
  unit_amount: 49_900,
  currency: 'inr',
  is_active: true,
  created_at: NOW,
  updated_at: NOW,
} as const;
const SEAT_PACK = {
  ...PRODUCT,
  id: '00000000-0000-4000-8000-0000000000f2',
  kind: 'seats',
  name: 'Ten seats',
  assessment_id: null,
  assessment_title: null,
  seats: 10,
  unit_amount: 99_900,
} as const;
const EMAIL = {
  id: '00000000-0000-4000-8000-00000000e001',
  template: 'callback_reminder',
  recipient: 'tc1@talentg.test',
  state: 'dead' as const,
  attempts: 8,
  max_attempts: 8,
  next_attempt_at: NOW,
  last_error: 'gave up after 8 attempts: Brevo 503',
  created_at: NOW,
  updated_at: NOW,
  sent_at: null,
};
const PERSON = {
  id: USER_ID,
  email: 'tc1@talentg.test',
  full_name: 'Telecaller One',
  role: 'telecaller',
  is_active: true,
} as const;
const LATER = '2026-11-24T12:00:00.000Z';

export const EXAMPLE_LEAD: WireLead = {
  id: LEAD_ID,
  name: 'Asha Rao',
  email: 'asha@example.com',
  phone: '098765 43210',
  phone_e164: '+919876543210',
  company: null,
  status: 'contacted',
  source: 'csv',
  assigned_to: USER_ID,
  time_zone: 'Asia/Kolkata',
  country: 'IN',
  priority: 3,
  attempts: 2,
  last_contact_at: NOW,
  recycle_at: null,
  // Postgres' own JSON form of a timestamptz, as a pull delivers it.
  callback_due_at: '2026-11-24T12:00:00.123456+00:00',
  do_not_call: false,
  consent: 'granted',
  created_at: '2026-11-20T09:00:00.000Z',
  updated_at: NOW,
  version: 4,
  pending_writes: 1,
};

const CALL: WireInteraction = {
  id: '00000000-0000-4000-8000-00000000f001',
  lead_id: LEAD_ID,
  type: 'call',
  content: 'Asked for a call after lunch.',
  disposition: 'CB',
  duration_seconds: 95,
  occurred_at: NOW,
  created_by: USER_ID,
  sync_state: 'pending',
};

const NOTE: WireInteraction = {
  ...CALL,
  id: '00000000-0000-4000-8000-00000000f002',
  type: 'note',
  content: 'Prefers Hindi.',
  disposition: null,
  duration_seconds: null,
};

const CALLBACK: WireCallback = {
  id: CALLBACK_ID,
  lead_id: LEAD_ID,
  owner_id: USER_ID,
  scope: 'personal',
  due_at: LATER,
  state: 'pending',
  note: 'After lunch',
  created_at: NOW,
  closed_at: null,
  sync_state: 'pending',
};

const CALLBACK_WITH_LEAD = { ...CALLBACK, lead_name: 'Asha Rao', lead_time_zone: 'Asia/Kolkata' };

const SIGNED_IN = {
  status: 'signed_in',
  user: { id: USER_ID, email: 'tc1@talentg.test', full_name: 'Telecaller One', role: 'telecaller' },
  signed_in_at: NOW,
} as const;

const PROGRESS = {
  phase: 'pushing',
  done: 1,
  total: 3,
  pending: 3,
  oldest_pending_at: NOW,
  last_push_at: null,
  last_pull_at: NOW,
  dead_letters: 1,
  last_error: null,
} as const;

const PRESENCE = {
  state: 'paused',
  since: NOW,
  lead_id: null,
  pause_reason: 'Lunch',
} as const;

const DEAD_LETTER: DeadLetter = {
  id: '00000000-0000-4000-8000-00000000f003',
  seq: 7,
  status: 'rejected',
  code: 'DNC_LIST',
  message: 'This number is on the do-not-call list.',
  intent: { op: 'log_call', args: { lead_id: LEAD_ID, disposition: 'NA', notes: '' } },
  lead_id: LEAD_ID,
  server_row: null,
  created_at: NOW,
  failed_at: LATER,
  resolution: null,
  resolved_at: null,
  retried_as: null,
};

const IMPORT_ID = '00000000-0000-4000-8000-00000000f001';
const STAGED_ROW = {
  line: 2,
  name: 'Asha Rao',
  phone: '098765 43210',
  phone_e164: '+919876543210',
  email: 'asha@example.com',
  company: null,
  source: 'expo',
  time_zone: 'Asia/Kolkata',
  country: 'IN',
};
const IMPORT_REPORT = {
  inserted: 1,
  merged: 1,
  unchanged: 0,
  duplicate_in_file: 1,
  dnc: 1,
  invalid: 1,
  refused: [
    { line: 3, kind: 'duplicate_in_file' as const, reason: 'the same phone as line 2' },
    { line: 4, kind: 'dnc' as const, reason: 'the number is on the do-not-call list' },
    { line: 5, kind: 'invalid' as const, reason: 'the name is empty' },
  ],
  dry_run: true,
};
const FLOOR_PERSON = {
  user_id: USER_ID,
  full_name: 'Priya Raman',
  email: 'tc1@talentg.test',
  role: 'telecaller' as const,
  presence: 'paused' as const,
  state: 'paused' as const,
  since: NOW,
  lead_id: null,
  lead_name: null,
  pause_reason: 'Lunch',
  pending_writes: 2,
  heartbeat_at: NOW,
  calls_today: 12,
  contacts_today: 5,
};
const NO_ARGS_REFUSED: Refused = { value: { verbose: true }, path: [] };

const KPI_COUNTS = {
  calls: 12,
  contacts: 5,
  conversions: 1,
  talk_seconds: 1800,
  callbacks_kept: 2,
  callbacks_missed: 1,
};

export const OPERATION_EXAMPLES: { readonly [K in OperationName]: OperationExample<K> } = {
  'session:sign-in': {
    args: { email: 'tc1@talentg.test', password: 'talentg-demo' },
    badArgs: { value: { email: 'tc1', password: 'talentg-demo' }, path: ['email'] },
    result: SIGNED_IN,
    badResult: {
      value: { ...SIGNED_IN, user: { ...SIGNED_IN.user, role: 'superuser' } },
      path: ['user', 'role'],
    },
  },
  'session:verify-second-factor': {
    args: { code: '123456' },
    badArgs: { value: { code: '12345' }, path: ['code'] },
    result: SIGNED_IN,
    badResult: {
      value: { status: 'second_factor', user: SIGNED_IN.user, factor_id: 'totp' },
      path: ['factor_id'],
    },
  },
  'session:sign-out': {
    args: {},
    badArgs: NO_ARGS_REFUSED,
    result: { status: 'signed_out' },
    badResult: { value: { status: 'gone' }, path: ['status'] },
  },
  'session:state': {
    args: {},
    badArgs: NO_ARGS_REFUSED,
    result: { ...SIGNED_IN, status: 'expired' },
    badResult: { value: { ...SIGNED_IN, signed_in_at: 'yesterday' }, path: ['signed_in_at'] },
  },
  'leads:queue': {
    args: { limit: 10 },
    badArgs: { value: { limit: 0 }, path: ['limit'] },
    result: {
      entries: [
        { reason: 'callback_overdue', due_at: NOW, lead: EXAMPLE_LEAD },
        { reason: 'new', lead: { ...EXAMPLE_LEAD, status: 'new', attempts: 0 } },
      ],
      total: 2,
      as_of: NOW,
    },
    badResult: {
      value: { entries: [{ reason: 'callback_due', lead: EXAMPLE_LEAD }], total: 1, as_of: NOW },
      path: ['entries', 0, 'due_at'],
    },
  },
  'leads:get': {
    args: { lead_id: LEAD_ID },
    badArgs: { value: { lead_id: '42' }, path: ['lead_id'] },
    result: {
      lead: EXAMPLE_LEAD,
      history: [NOTE, CALL],
      callbacks: [CALLBACK],
      dial: {
        ok: false,
        code: 'OUTSIDE_CALLING_WINDOW',
        message: 'It is 22:10 for this lead; calls are allowed 09:00–21:00.',
      },
    },
    badResult: {
      value: {
        lead: { ...EXAMPLE_LEAD, phone_e164: '98765' },
        history: [],
        callbacks: [],
        dial: { ok: true },
      },
      path: ['lead', 'phone_e164'],
    },
  },
  'leads:search': {
    args: { query: 'asha' },
    badArgs: { value: { query: '   ' }, path: ['query'] },
    result: { leads: [EXAMPLE_LEAD], truncated: false },
    badResult: {
      value: { leads: [{ ...EXAMPLE_LEAD, priority: 10 }], truncated: false },
      path: ['leads', 0, 'priority'],
    },
  },
  'leads:set-status': {
    args: { lead_id: LEAD_ID, from: 'contacted', to: 'qualified' },
    badArgs: { value: { lead_id: LEAD_ID, from: 'contacted', to: 'contacted' }, path: ['to'] },
    result: { lead: { ...EXAMPLE_LEAD, status: 'qualified' } },
    badResult: { value: { lead: { ...EXAMPLE_LEAD, status: 'won' } }, path: ['lead', 'status'] },
  },
  'calls:log': {
    args: {
      lead_id: LEAD_ID,
      disposition: 'CB',
      notes: 'Asked for a call after lunch.',
      duration_seconds: 95,
      callback: { due_at: LATER, note: 'After lunch' },
    },
    badArgs: { value: { lead_id: LEAD_ID, disposition: 'na' }, path: ['disposition'] },
    result: {
      interaction: CALL,
      lead: { ...EXAMPLE_LEAD, attempts: 3, callback_due_at: LATER },
      callback: CALLBACK,
      kept_callbacks: [{ ...CALLBACK, state: 'done', closed_at: CALL.occurred_at }],
      fate: { kind: 'callback', due_at: LATER },
    },
    badResult: {
      value: {
        interaction: CALL,
        lead: EXAMPLE_LEAD,
        callback: null,
        kept_callbacks: [],
        fate: { kind: 'recycle' },
      },
      path: ['fate', 'at'],
    },
  },
  'notes:add': {
    args: { lead_id: LEAD_ID, content: 'Prefers Hindi.' },
    badArgs: { value: { lead_id: LEAD_ID, content: 'x'.repeat(20_001) }, path: ['content'] },
    result: { interaction: NOTE },
    badResult: {
      value: { interaction: { ...NOTE, sync_state: 'maybe' } },
      path: ['interaction', 'sync_state'],
    },
  },
  'dispositions:list': {
    args: {},
    badArgs: NO_ARGS_REFUSED,
    result: {
      dispositions: DEFAULT_DISPOSITIONS.map((disposition, index) => ({
        ...disposition,
        description: '',
        hotkey: index < 10 ? String((index + 1) % 10) : null,
      })),
    },
    badResult: {
      value: {
        dispositions: [{ ...DEFAULT_DISPOSITIONS[0], code: 'na', description: '', hotkey: '1' }],
      },
      path: ['dispositions', 0, 'code'],
    },
  },
  'callbacks:schedule': {
    args: { lead_id: LEAD_ID, due_at: LATER, note: 'After lunch' },
    badArgs: { value: { lead_id: LEAD_ID, due_at: 'tomorrow' }, path: ['due_at'] },
    result: { callback: CALLBACK, lead: { ...EXAMPLE_LEAD, callback_due_at: LATER } },
    badResult: {
      value: { callback: { ...CALLBACK, note: 'x'.repeat(2_001) }, lead: EXAMPLE_LEAD },
      path: ['callback', 'note'],
    },
  },
  'callbacks:complete': {
    args: { callback_id: CALLBACK_ID },
    badArgs: { value: { callback_id: CALLBACK_ID, state: 'missed' }, path: ['state'] },
    result: { callback: { ...CALLBACK, state: 'done', closed_at: LATER } },
    badResult: { value: { callback: { ...CALLBACK, scope: 'team' } }, path: ['callback', 'scope'] },
  },
  'callbacks:list': {
    args: { due_before: '2026-11-24T23:59:59+05:30' },
    badArgs: { value: { limit: 501 }, path: ['limit'] },
    result: { callbacks: [CALLBACK_WITH_LEAD] },
    badResult: {
      value: { callbacks: [CALLBACK] },
      path: ['callbacks', 0, 'lead_name'],
    },
  },
  'assessments:list': {
    args: {},
    badArgs: NO_ARGS_REFUSED,
    result: {
      assessments: [
        {
          assessment_id: ASSESSMENT_ID,
          title: 'Loan eligibility screening',
          description: 'Run with the lead on the call.',
          assignment_id: null,
          due_at: null,
          assignment_status: null,
          price: { amount: 49900, currency: 'inr', on_sale: true },
          locked: true,
        },
      ],
    },
    badResult: {
      value: {
        assessments: [
          {
            assessment_id: ASSESSMENT_ID,
            title: 'Loan eligibility screening',
            description: '',
            assignment_id: null,
            due_at: null,
            assignment_status: 'late',
            price: null,
            locked: false,
          },
        ],
      },
      path: ['assessments', 0, 'assignment_status'],
    },
  },
  'assessments:start': {
    args: { assessment_id: ASSESSMENT_ID, lead_id: LEAD_ID },
    badArgs: { value: { lead_id: LEAD_ID }, path: ['assessment_id'] },
    result: {
      response_id: RESPONSE_ID,
      started_at: NOW,
      assessment: {
        id: ASSESSMENT_ID,
        title: 'Loan eligibility screening',
        description: '',
        sections: [{ id: 'fit', title: 'Fit' }],
        questions: [
          {
            id: 'q1',
            section: 'fit',
            type: 'single_choice',
            prompt: 'Monthly income?',
            options: [
              { id: 'a', label: 'Under ₹30,000' },
              { id: 'b', label: '₹30,000 or more' },
            ],
            required: true,
          },
          { id: 'q2', section: 'fit', type: 'text', prompt: 'Notes', options: [], required: false },
        ],
      },
    },
    badResult: {
      value: {
        response_id: RESPONSE_ID,
        started_at: NOW,
        assessment: {
          id: ASSESSMENT_ID,
          title: 'Screening',
          description: '',
          sections: [{ id: 'fit', title: 'Fit' }],
          // The database's spelling of the type; the contract speaks src/domain's.
          questions: [
            { id: 'q1', section: 'fit', type: 'single', prompt: '?', options: [], required: true },
          ],
        },
      },
      path: ['assessment', 'questions', 0, 'type'],
    },
  },
  'assessments:submit': {
    args: { response_id: RESPONSE_ID, answers: { q1: 'b', q2: 'Salaried, 5 years' } },
    badArgs: { value: { response_id: RESPONSE_ID, answers: { q1: 3 } }, path: ['answers', 'q1'] },
    result: {
      response_id: RESPONSE_ID,
      submitted_at: LATER,
      score: 72.5,
      passed: true,
      section_scores: { fit: 72.5, notes: null },
    },
    badResult: {
      value: {
        response_id: RESPONSE_ID,
        submitted_at: LATER,
        score: 120,
        passed: true,
        section_scores: {},
      },
      path: ['score'],
    },
  },
  'assessments:checkout': {
    args: { assessment_id: ASSESSMENT_ID },
    badArgs: { value: { assessment_id: ASSESSMENT_ID, product_id: ASSESSMENT_ID }, path: [] },
    result: { url: 'https://checkout.stripe.com/c/pay/cs_test_a1b2c3' },
    // Only a page to open in a browser: never javascript: or file:.
    badResult: { value: { url: 'javascript:alert(1)' }, path: ['url'] },
  },
  'sync:status': {
    args: {},
    badArgs: NO_ARGS_REFUSED,
    result: PROGRESS,
    badResult: { value: { ...PROGRESS, done: 4 }, path: ['done'] },
  },
  'sync:now': {
    args: {},
    badArgs: NO_ARGS_REFUSED,
    result: {
      ...PROGRESS,
      phase: 'offline',
      done: 0,
      total: 0,
      last_error: { code: 'OFFLINE', message: 'The server cannot be reached.' },
    },
    badResult: { value: { ...PROGRESS, phase: 'syncing' }, path: ['phase'] },
  },
  'sync:dead-letters': {
    args: {},
    badArgs: NO_ARGS_REFUSED,
    result: {
      dead_letters: [
        {
          ...DEAD_LETTER,
          code: 'FORBIDDEN',
          message: 'This lead is no longer assigned to you.',
          intent: {
            op: 'set_status',
            args: { lead_id: LEAD_ID, from: 'contacted', to: 'qualified', base_version: 4 },
          },
        },
      ],
    },
    badResult: {
      value: { dead_letters: [{ ...DEAD_LETTER, intent: { op: 'delete_lead', args: {} } }] },
      path: ['dead_letters', 0, 'intent', 'op'],
    },
  },
  'sync:retry-dead-letter': {
    args: { seq: 7 },
    badArgs: { value: { seq: 0 }, path: ['seq'] },
    result: {
      dead_letter: { ...DEAD_LETTER, resolution: 'retried', resolved_at: LATER, retried_as: 12 },
      queued_seq: 12,
    },
    badResult: {
      value: { dead_letter: { ...DEAD_LETTER, resolution: 'retried' }, queued_seq: -1 },
      path: ['queued_seq'],
    },
  },
  'sync:adopt-server': {
    args: {},
    badArgs: NO_ARGS_REFUSED,
    result: {
      kept_as:
        '/home/asha/.talentg/users/0b6f4d2e-4a77-4f3e-9d57-3c2f1a9e8b10/cache.sqlite.2026-11-25T10-00-00-000Z.set-aside',
      pending_kept: 3,
    },
    badResult: { value: { kept_as: '', pending_kept: 3 }, path: ['kept_as'] },
  },
  'sync:conflicts': {
    args: { after: 40, limit: 50 },
    badArgs: { value: { limit: 0 }, path: ['limit'] },
    result: {
      conflicts: [
        {
          id: 41,
          occurred_at: '2026-11-25T10:05:00.000Z',
          user_id: '00000000-0000-4000-8000-000000000003',
          lead_id: '0b6f4d2e-4a77-4f3e-9d57-3c2f1a9e8b10',
          op: 'set_status',
          kind: 'status_conflict',
          field: 'status',
          base: 'new',
          attempted: 'qualified',
          server: { status: 'lost', base_version: 3 },
          client_id: '7d1c0e2a-5b3f-4c8d-9e6a-1f2b3c4d5e6f',
          seq: 12,
          mutation_id: '3e9a7b1c-2d4f-4a6b-8c0d-9e1f2a3b4c5d',
          settlement: 'kept',
          settled_at: '2026-11-25T11:00:00.000Z',
          settled_by: '00000000-0000-4000-8000-000000000002',
        },
      ],
      next_after: null,
    },
    badResult: {
      value: { conflicts: [{ id: 41, kind: 'disagreement' }], next_after: null },
      path: ['conflicts', 0, 'occurred_at'],
    },
  },
  'sync:settle-conflict': {
    args: { id: 41, settlement: 'restored' },
    badArgs: { value: { id: 41, settlement: 'undone' }, path: ['settlement'] },
    result: { id: 41, settlement: 'restored', settled_at: '2026-11-25T11:00:00.000Z' },
    badResult: {
      value: { id: 41, settlement: 'restored', settled_at: null },
      path: ['settled_at'],
    },
  },
  'sync:dismiss-dead-letter': {
    args: { seq: 7 },
    badArgs: { value: { seq: 7, also: 8 }, path: [] },
    result: { dead_letter: { ...DEAD_LETTER, resolution: 'dismissed', resolved_at: LATER } },
    badResult: {
      value: { dead_letter: { ...DEAD_LETTER, resolution: 'forgotten' } },
      path: ['dead_letter', 'resolution'],
    },
  },
  'presence:set': {
    args: { state: 'paused', pause_reason: 'Lunch' },
    badArgs: { value: { state: 'offline_syncing' }, path: ['state'] },
    result: PRESENCE,
    badResult: { value: { ...PRESENCE, since: 'now' }, path: ['since'] },
  },
  'presence:state': {
    args: {},
    badArgs: NO_ARGS_REFUSED,
    result: { state: 'on_call', since: NOW, lead_id: LEAD_ID, pause_reason: null },
    badResult: { value: { ...PRESENCE, state: 'away' }, path: ['state'] },
  },
  'manager:import-begin': {
    args: { file_name: 'leads.csv' },
    badArgs: { value: { file_name: 'x'.repeat(256) }, path: ['file_name'] },
    result: { import_id: IMPORT_ID },
    badResult: { value: { import_id: 'import-1' }, path: ['import_id'] },
  },
  'manager:import-stage': {
    args: { import_id: IMPORT_ID, rows: [STAGED_ROW] },
    badArgs: {
      value: { import_id: IMPORT_ID, rows: [{ ...STAGED_ROW, phone_e164: '098765 43210' }] },
      path: ['rows', 0, 'phone_e164'],
    },
    result: { staged: 1 },
    badResult: { value: { staged: -1 }, path: ['staged'] },
  },
  'manager:import-apply': {
    args: { import_id: IMPORT_ID, dry_run: true },
    badArgs: { value: { import_id: IMPORT_ID, dry_run: 'yes' }, path: ['dry_run'] },
    result: IMPORT_REPORT,
    badResult: {
      value: { ...IMPORT_REPORT, refused: [{ line: 3, kind: 'bad', reason: 'x' }] },
      path: ['refused', 0, 'kind'],
    },
  },
  'manager:import-discard': {
    args: { import_id: IMPORT_ID },
    badArgs: { value: {}, path: ['import_id'] },
    result: { discarded: true },
    badResult: { value: { discarded: 'yes' }, path: ['discarded'] },
  },
  'manager:distribute': {
    args: {
      to: [
        { email: 'tc1@talentg.test', weight: 2 },
        { email: 'tc2@talentg.test', weight: 1 },
      ],
      mode: 'weighted',
      statuses: ['new'],
      unassigned: true,
      limit: 30,
    },
    badArgs: { value: { to: [{ email: 'tc1@talentg.test' }], mode: 'capped' }, path: ['cap'] },
    result: {
      total: 30,
      assignments: [
        { user_id: USER_ID, email: 'tc1@talentg.test', count: 20 },
        { user_id: '00000000-0000-4000-8000-000000000003', email: 'tc2@talentg.test', count: 10 },
      ],
    },
    badResult: {
      value: { total: 1, assignments: [{ email: 'tc1@talentg.test' }] },
      path: ['assignments', 0, 'user_id'],
    },
  },
  'floor:board': {
    args: { time_zone: 'Asia/Kolkata' },
    badArgs: { value: { time_zone: '' }, path: ['time_zone'] },
    result: { as_of: NOW, people: [FLOOR_PERSON] },
    badResult: {
      value: { as_of: NOW, people: [{ ...FLOOR_PERSON, presence: 'away' }] },
      path: ['people', 0, 'presence'],
    },
  },
  'floor:calling-hours': {
    args: {},
    badArgs: NO_ARGS_REFUSED,
    result: {
      window: { start: '09:00', end: '21:00', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
      text: '09:00–21:00 Mon–Sat',
      updated_at: null,
    },
    badResult: {
      value: {
        window: { start: '9', end: '21:00', days: ['mon'] },
        text: '9–21:00 Mon',
        updated_at: null,
      },
      path: ['window', 'start'],
    },
  },
  'floor:set-calling-hours': {
    args: { start: '00:00', end: '24:00', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] },
    badArgs: { value: { start: '21:00', end: '09:00', days: ['mon'] }, path: ['end'] },
    result: {
      window: {
        start: '00:00',
        end: '24:00',
        days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
      },
      text: 'all day, every day',
      updated_at: NOW,
    },
    badResult: {
      value: { window: { start: '09:00', end: '21:00', days: [] }, text: 'x', updated_at: NOW },
      path: ['window', 'days'],
    },
  },
  'manager:reassign': {
    args: { lead_ids: [LEAD_ID], to: 'tc2@talentg.test' },
    badArgs: { value: { lead_ids: [], to: null }, path: ['lead_ids'] },
    result: { moved: 1, unchanged: 0, missing: [] },
    badResult: { value: { moved: 1, unchanged: 0, missing: ['x'] }, path: ['missing', 0] },
  },
  'authoring:list': {
    args: {},
    badArgs: NO_ARGS_REFUSED,
    result: {
      assessments: [
        {
          id: ASSESSMENT_ID,
          title: 'Telecaller Readiness Check',
          description: '',
          is_active: true,
          questions: 6,
          sections: 3,
          pass_mark: 60,
          assigned: 1,
          completed: 1,
          updated_at: NOW,
        },
      ],
    },
    badResult: {
      value: {
        assessments: [
          {
            id: ASSESSMENT_ID,
            title: 'T',
            description: '',
            is_active: true,
            questions: -1,
            sections: 1,
            pass_mark: 60,
            assigned: 0,
            completed: 0,
            updated_at: NOW,
          },
        ],
      },
      path: ['assessments', 0, 'questions'],
    },
  },
  'authoring:get': {
    args: { id: ASSESSMENT_ID },
    badArgs: { value: { id: 'a001' }, path: ['id'] },
    result: {
      assessment: {
        id: ASSESSMENT_ID,
        title: 'T',
        description: '',
        is_active: true,
        definition: AUTHORED_DEFINITION,
        submitted: 1,
        passed: 1,
        score_bands: [0, 0, 0, 0, 0, 0, 0, 1, 0, 0],
        updated_at: NOW,
      },
    },
    badResult: {
      value: {
        assessment: {
          id: ASSESSMENT_ID,
          title: 'T',
          description: '',
          is_active: true,
          definition: { ...AUTHORED_DEFINITION, questions: [] },
          submitted: 0,
          passed: 0,
          score_bands: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
          updated_at: NOW,
        },
      },
      path: ['assessment', 'definition', 'questions'],
    },
  },
  'authoring:save': {
    args: { title: 'Onboarding quiz', definition: AUTHORED_DEFINITION },
    badArgs: {
      value: {
        title: 'Onboarding quiz',
        definition: {
          ...AUTHORED_DEFINITION,
          scoring_rules: { ...AUTHORED_DEFINITION.scoring_rules, pass_mark: 101 },
        },
      },
      path: ['definition', 'scoring_rules', 'pass_mark'],
    },
    result: { id: ASSESSMENT_ID, updated_at: NOW },
    badResult: { value: { id: ASSESSMENT_ID, updated_at: 'now' }, path: ['updated_at'] },
  },
  'authoring:assignees': {
    args: { id: ASSESSMENT_ID },
    badArgs: { value: {}, path: ['id'] },
    result: {
      assignees: [
        {
          user_id: USER_ID,
          full_name: 'Arjun Khanna',
          email: 'tc2@talentg.test',
          role: 'telecaller',
          assignment: { status: 'completed', due_at: null },
          result: { score: 72.5, passed: true, submitted_at: NOW, lead: null },
        },
        {
          user_id: '00000000-0000-4000-8000-000000000003',
          full_name: 'Priya Raman',
          email: 'tc1@talentg.test',
          role: 'telecaller',
          assignment: null,
          result: {
            score: 40,
            passed: false,
            submitted_at: NOW,
            lead: { id: LEAD_ID, name: 'Asha Rao' },
          },
        },
      ],
    },
    badResult: {
      value: {
        assignees: [
          {
            user_id: USER_ID,
            full_name: 'Arjun Khanna',
            email: null,
            role: 'supervisor',
            assignment: null,
            result: null,
          },
        ],
      },
      path: ['assignees', 0, 'role'],
    },
  },
  'authoring:assign': {
    args: { id: ASSESSMENT_ID, user_ids: [USER_ID] },
    badArgs: { value: { id: ASSESSMENT_ID, user_ids: [] }, path: ['user_ids'] },
    result: { assigned: 1 },
    badResult: { value: { assigned: -1 }, path: ['assigned'] },
  },
  'people:list': {
    args: {},
    badArgs: NO_ARGS_REFUSED,
    result: {
      people: [
        { ...PERSON, last_sign_in_at: NOW, invitation_pending: false, has_second_factor: true },
      ],
    },
    badResult: {
      value: {
        people: [
          {
            ...PERSON,
            last_sign_in_at: 'yesterday',
            invitation_pending: false,
            has_second_factor: false,
          },
        ],
      },
      path: ['people', 0, 'last_sign_in_at'],
    },
  },
  'people:seats': {
    args: {},
    badArgs: NO_ARGS_REFUSED,
    result: { used: 12, bought: 15 },
    badResult: { value: { used: 12, bought: -1 }, path: ['bought'] },
  },
  'people:invite': {
    args: { email: 'new.hire@talentg.test', full_name: 'New Hire', role: 'telecaller' },
    badArgs: {
      value: { email: 'new.hire@talentg.test', full_name: 'New Hire', role: 'supervisor' },
      path: ['role'],
    },
    result: PERSON,
    badResult: { value: { ...PERSON, role: 'owner' }, path: ['role'] },
  },
  'people:set-role': {
    args: { user_id: USER_ID, role: 'manager' },
    badArgs: { value: { user_id: 'tc1', role: 'manager' }, path: ['user_id'] },
    result: { ...PERSON, role: 'manager' },
    badResult: { value: { ...PERSON, is_active: 'yes' }, path: ['is_active'] },
  },
  'people:set-active': {
    args: { user_id: USER_ID, active: false },
    badArgs: { value: { user_id: USER_ID, active: 'no' }, path: ['active'] },
    result: { ...PERSON, is_active: false },
    badResult: { value: { ...PERSON, id: 'tc1' }, path: ['id'] },
  },
  'people:reset-mfa': {
    args: { user_id: USER_ID },
    badArgs: { value: { user_id: USER_ID, factor_id: USER_ID }, path: [] },
    result: { user_id: USER_ID, factors_removed: 1, sessions_ended: 2 },
    badResult: {
      value: { user_id: USER_ID, factors_removed: -1, sessions_ended: 0 },
      path: ['factors_removed'],
    },
  },
  'session:accept-invite': {
    args: { email: 'new.hire@talentg.test', code: '123456', password: 'first-day' },
    badArgs: {
      value: { email: 'new.hire@talentg.test', code: '12 34', password: 'first-day' },
      path: ['code'],
    },
    result: { status: 'signed_out' },
    badResult: { value: { status: 'invited' }, path: ['status'] },
  },
  'people:audit': {
    args: { limit: 20 },
    badArgs: { value: { limit: 0 }, path: ['limit'] },
    result: {
      entries: [
        {
          id: 7,
          occurred_at: NOW,
          actor_id: '00000000-0000-4000-8000-000000000001',
          actor_role: 'admin',
          action: 'person_deactivated',
          person_id: USER_ID,
          old_value: { is_active: true },
          new_value: { is_active: false },
        },
      ],
    },
    badResult: {
      value: { entries: [{ id: 7, occurred_at: NOW, action: 'lead_assigned' }] },
      path: ['entries', 0, 'actor_id'],
    },
  },
  'mfa:status': {
    args: {},
    badArgs: NO_ARGS_REFUSED,
    result: { level: 'aal2', factor_id: FACTOR_ID },
    badResult: { value: { level: 'aal3', factor_id: null }, path: ['level'] },
  },
  'mfa:enroll': {
    args: {},
    badArgs: NO_ARGS_REFUSED,
    result: {
      factor_id: FACTOR_ID,
      uri: 'otpauth://totp/TalentG:admin%40talentg.test?secret=JBSWY3DPEHPK3PXP&issuer=TalentG',
      secret: 'JBSWY3DPEHPK3PXP',
    },
    badResult: { value: { factor_id: FACTOR_ID, uri: 'https://x', secret: 'A' }, path: ['uri'] },
  },
  'mfa:verify': {
    args: { factor_id: FACTOR_ID, code: '123456' },
    badArgs: { value: { factor_id: FACTOR_ID, code: '12345' }, path: ['code'] },
    result: { level: 'aal2', factor_id: FACTOR_ID },
    badResult: { value: { level: 'aal2' }, path: ['factor_id'] },
  },
  'manager:leads': {
    args: { statuses: ['new'], unassigned: true, not_held_by: [USER_ID], rows: 50 },
    badArgs: { value: { rows: 0 }, path: ['rows'] },
    result: {
      total: 1,
      leads: [
        {
          id: LEAD_ID,
          name: 'Asha Rao',
          phone_e164: '+919876543210',
          status: 'new',
          source: 'web',
          time_zone: 'Asia/Kolkata',
          assigned_to: null,
          created_at: NOW,
        },
      ],
    },
    badResult: { value: { total: -1, leads: [] }, path: ['total'] },
  },
  'manager:telecallers': {
    args: {},
    badArgs: { value: { all: true }, path: [] },
    result: {
      telecallers: [
        { id: USER_ID, email: 'tc1@talentg.test', full_name: 'Telecaller One', open_leads: 12 },
      ],
    },
    badResult: {
      value: { telecallers: [{ id: USER_ID, email: 'tc1@talentg.test', full_name: 'T' }] },
      path: ['telecallers', 0, 'open_leads'],
    },
  },
  'kpis:get': {
    args: { range: 'today', time_zone: 'Asia/Kolkata' },
    badArgs: { value: { range: 'year', time_zone: 'Asia/Kolkata' }, path: ['range'] },
    result: {
      from: '2026-11-23T18:30:00.000Z',
      to: '2026-11-24T18:30:00.000Z',
      bucket: 'hour',
      time_zone: 'Asia/Kolkata',
      buckets: ['2026-11-23T18:30:00.000Z'],
      floor: { totals: KPI_COUNTS, series: [KPI_COUNTS] },
      people: [
        {
          user_id: USER_ID,
          email: 'tc1@talentg.test',
          full_name: 'Priya Raman',
          role: 'telecaller',
          totals: KPI_COUNTS,
          series: [KPI_COUNTS],
        },
      ],
    },
    badResult: {
      value: { buckets: [], floor: { totals: { ...KPI_COUNTS, calls: -1 } } },
      path: ['from'],
    },
  },
  'releases:list': {
    args: {},
    badArgs: NO_ARGS_REFUSED,
    result: { releases: [RELEASE] },
    badResult: {
      value: { releases: [{ ...RELEASE, channel: 'nightly' }] },
      path: ['releases', 0, 'channel'],
    },
  },
  'releases:update': {
    args: { id: RELEASE_ID, pulled: true, reason: 'Crashes on start on Windows 10' },
    badArgs: { value: { id: RELEASE_ID, pulled: true }, path: ['reason'] },
    result: { ...RELEASE, staged_percentage: 25 },
    badResult: { value: { ...RELEASE, staged_percentage: 101 }, path: ['staged_percentage'] },
  },
  'email:queue': {
    args: { state: 'dead', limit: 50 },
    badArgs: { value: { state: 'bounced' }, path: ['state'] },
    result: {
      counts: [
        { state: 'queued', emails: 3, oldest_at: NOW },
        { state: 'sending', emails: 0, oldest_at: null },
        { state: 'sent', emails: 120, oldest_at: NOW },
        { state: 'dead', emails: 1, oldest_at: NOW },
      ],
      emails: [EMAIL],
    },
    badResult: {
      value: { counts: [], emails: [{ ...EMAIL, attempts: -1 }] },
      path: ['emails', 0, 'attempts'],
    },
  },
  'email:requeue': {
    args: { id: EMAIL.id },
    badArgs: { value: { id: 'email-1' }, path: ['id'] },
    result: { ...EMAIL, state: 'queued', attempts: 0 },
    badResult: { value: { ...EMAIL, state: 'bounced' }, path: ['state'] },
  },
  'payments:list': {
    args: {},
    badArgs: NO_ARGS_REFUSED,
    result: {
      events: [
        {
          id: 'evt_1QxTalentG',
          type: 'checkout.session.completed',
          livemode: false,
          received_at: NOW,
          outcome: 'unlocked',
          detail: null,
        },
      ],
      purchases: [
        {
          id: '00000000-0000-4000-8000-00000000f001',
          kind: 'assessment',
          product: 'Floor basics (certified)',
          buyer: 'user@talentg.test',
          seats: null,
          amount_total: 49_900,
          currency: 'inr',
          status: 'paid',
          paid_at: NOW,
          refunded_at: null,
        },
      ],
    },
    badResult: {
      value: { events: [], purchases: [{ kind: 'gift' }] },
      path: ['purchases', 0, 'id'],
    },
  },
  'products:list': {
    args: {},
    badArgs: NO_ARGS_REFUSED,
    result: {
      products: [PRODUCT, SEAT_PACK],
      currencies: [
        { code: 'inr', decimals: 2, min_amount: 50 },
        { code: 'jpy', decimals: 0, min_amount: 50 },
      ],
      assessments: [{ id: ASSESSMENT_ID, title: 'Floor basics', is_active: true }],
    },
    badResult: {
      value: { products: [{ ...PRODUCT, unit_amount: 0 }], currencies: [], assessments: [] },
      path: ['products', 0, 'unit_amount'],
    },
  },
  'products:save': {
    args: {
      id: PRODUCT.id,
      name: 'Floor basics (certified)',
      unit_amount: 59_900,
      currency: 'inr',
    },
    badArgs: {
      value: { kind: 'bundle', name: 'Both', unit_amount: 100, currency: 'inr' },
      path: [],
    },
    result: { ...PRODUCT, unit_amount: 59_900 },
    badResult: { value: { ...PRODUCT, kind: 'gift' }, path: ['kind'] },
  },
  'products:retire': {
    args: { id: PRODUCT.id },
    badArgs: { value: { id: 'product-1' }, path: ['id'] },
    result: { ...PRODUCT, is_active: false },
    badResult: { value: { ...PRODUCT, is_active: 'no' }, path: ['is_active'] },
  },
  'products:restore': {
    args: { id: PRODUCT.id },
    badArgs: { value: {}, path: ['id'] },
    result: PRODUCT,
    badResult: { value: { ...PRODUCT, seats: 0 }, path: ['seats'] },
  },
  'unlocks:list': {
    args: { assessment_id: ASSESSMENT_ID },
    badArgs: { value: { assessment_id: 'a1' }, path: ['assessment_id'] },
    result: { paid: true, unlocks: [UNLOCK] },
    badResult: {
      value: { paid: true, unlocks: [{ ...UNLOCK, source: 'gift' }] },
      path: ['unlocks', 0, 'source'],
    },
  },
  'unlocks:grant': {
    args: { assessment_id: ASSESSMENT_ID, user_id: USER_ID },
    badArgs: { value: { assessment_id: ASSESSMENT_ID }, path: ['user_id'] },
    result: UNLOCK,
    badResult: { value: { ...UNLOCK, created_at: 'today' }, path: ['created_at'] },
  },
  'unlocks:revoke': {
    args: { unlock_id: UNLOCK.id },
    badArgs: { value: { unlock_id: 7 }, path: ['unlock_id'] },
    result: { ...UNLOCK, revoked_at: NOW },
    badResult: { value: { ...UNLOCK, user_id: null }, path: ['user_id'] },
  },
};

export const EVENT_EXAMPLES: { readonly [E in EventName]: EventExample<E> } = {
  'cache:changed': {
    payload: { tables: ['leads', 'interactions'], lead_ids: [LEAD_ID] },
    badPayload: { value: { tables: [], lead_ids: null }, path: ['tables'] },
  },
  'sync:progress': {
    payload: PROGRESS,
    badPayload: { value: { ...PROGRESS, pending: -1 }, path: ['pending'] },
  },
  'presence:changed': {
    payload: { state: 'offline_syncing', since: NOW, lead_id: null, pause_reason: null },
    badPayload: { value: { ...PRESENCE, lead_id: 'lead-1' }, path: ['lead_id'] },
  },
  'callback:due': {
    payload: { callback: CALLBACK_WITH_LEAD },
    badPayload: {
      value: { callback: { ...CALLBACK_WITH_LEAD, due_at: 1 } },
      path: ['callback', 'due_at'],
    },
  },
  'floor:changed': {
    payload: {},
    badPayload: { value: { user_id: USER_ID }, path: [] },
  },
  'lead:open': {
    payload: { lead_id: LEAD_ID },
    badPayload: { value: { lead_id: 'lead-1' }, path: ['lead_id'] },
  },
  'update:ready': {
    payload: { version: '1.4.0', release_date: NOW, install: 'on_quit' },
    badPayload: {
      value: { version: '1.4.0', release_date: NOW, install: 'now' },
      path: ['install'],
    },
  },
  'session:changed': {
    payload: { status: 'signed_out' },
    badPayload: {
      value: { ...SIGNED_IN, user: { ...SIGNED_IN.user, id: 'me' } },
      path: ['user', 'id'],
    },
  },
};

/** Handlers that answer every operation with its example result: a stand-in core. */
export function exampleHandlers(): Handlers {
  const entries = Object.entries(OPERATION_EXAMPLES).map(([op, example]) => [
    op,
    () => Promise.resolve(example.result),
  ]);
  // Each entry answers its own op's example; Object.fromEntries loses that pairing in the type.
  return Object.fromEntries(entries) as unknown as Handlers;
}
