// authoring:*: an admin's assessments, read and written on the server (never cached: the answer key
// stays off telecallers' machines, and only staff read it). The policies decide who may write; the
// core only translates between the domain's words and the rows (assessment-rows.ts).
import { z } from 'zod';
import type { ArgsOf, ResultOf } from '../../contract/operation-map.js';
import { ROLES, toWireInstant } from '../../contract/wire-types.js';
import { failure, isFailure, type Failure } from '../../domain/failure.js';
import {
  authoredRowSchema,
  definitionOfRow,
  rowOfDefinition,
  type AuthoredRow,
} from './assessment-rows.js';
import { onlineCall, onlineRead, serverFailure } from './online-call.js';
import type { FeatureHandlers, ServiceContext } from './service-context.js';

const AUTHORED_COLUMNS = 'id, title, description, is_active, questions, scoring_rules, updated_at';

function notFound(id: string): Failure<'ASSESSMENT_NOT_FOUND'> {
  return failure('ASSESSMENT_NOT_FOUND', 'No such assessment.', { assessment_id: id });
}

function instant(value: string): string {
  return toWireInstant(Date.parse(value));
}

const assignmentRowSchema = z.object({
  assessment_id: z.string(),
  user_id: z.string(),
  status: z.enum(['assigned', 'completed', 'cancelled']),
  due_at: z.string().nullable(),
});

const profileRowSchema = z.object({
  id: z.string(),
  full_name: z.string(),
  email: z.string().nullable(),
  role: z.enum(ROLES),
});

/** More responses than this are a sample of the distribution, not the whole of it. */
const MAX_RESULTS_READ = 10_000;

const scoreRowSchema = z.object({
  // numeric(5,2): a JSON number from PostgREST, a string from some drivers.
  score: z.union([z.number(), z.string()]).nullable(),
  passed: z.boolean().nullable(),
});

/** Counts of scores in bands 0–9.99, 10–19.99, … 90–100; unscored responses count in none. */
function scoreBands(rows: readonly z.infer<typeof scoreRowSchema>[]): number[] {
  const bands = Array.from({ length: 10 }, () => 0);
  for (const row of rows) {
    if (row.score === null) continue;
    const score = Number(row.score);
    if (!Number.isFinite(score)) continue;
    const band = Math.min(9, Math.max(0, Math.floor(score / 10)));
    bands[band] = (bands[band] ?? 0) + 1;
  }
  return bands;
}

const resultRowSchema = z.object({
  user_id: z.string(),
  score: z.union([z.number(), z.string()]).nullable(),
  passed: z.boolean().nullable(),
  submitted_at: z.string(),
  lead_id: z.string().nullable(),
  /** The embedded lead: null when the run had none or the reader cannot see it. */
  lead: z.object({ name: z.string() }).nullable(),
});

export function authoringHandlers(
  context: ServiceContext,
): FeatureHandlers<
  'authoring:list' | 'authoring:get' | 'authoring:save' | 'authoring:assignees' | 'authoring:assign'
> {
  const client = context.workstation.session.client;

  const readRow = async (id: string): Promise<AuthoredRow | null | Failure> => {
    const rows = await onlineRead(
      context,
      z.array(authoredRowSchema),
      'read the assessment',
      'assessments',
      (signal) =>
        client.from('assessments').select(AUTHORED_COLUMNS).eq('id', id).abortSignal(signal),
    );
    return isFailure(rows) ? rows : (rows[0] ?? null);
  };

  return {
    'authoring:list': async (): Promise<ResultOf<'authoring:list'> | Failure> => {
      const rows = await onlineRead(
        context,
        z.array(authoredRowSchema),
        'list the assessments',
        'assessments',
        (signal) =>
          client.from('assessments').select(AUTHORED_COLUMNS).order('title').abortSignal(signal),
      );
      if (isFailure(rows)) return rows;

      const assigned = await onlineRead(
        context,
        z.array(assignmentRowSchema),
        'count the assignments',
        'assignments',
        (signal) =>
          client
            .from('assessment_assignments')
            .select('assessment_id, user_id, status, due_at')
            .abortSignal(signal),
      );
      if (isFailure(assigned)) return assigned;
      const tally = new Map<string, { assigned: number; completed: number }>();
      for (const row of assigned) {
        const counts = tally.get(row.assessment_id) ?? { assigned: 0, completed: 0 };
        if (row.status === 'assigned') counts.assigned += 1;
        if (row.status === 'completed') counts.completed += 1;
        tally.set(row.assessment_id, counts);
      }

      return {
        assessments: rows.map((row) => {
          const definition = definitionOfRow(row);
          return {
            id: row.id,
            title: row.title,
            description: row.description ?? '',
            is_active: row.is_active,
            questions: definition.questions.length,
            sections: definition.scoring_rules.sections.length,
            pass_mark:
              typeof row.scoring_rules.pass_mark === 'number' ? row.scoring_rules.pass_mark : null,
            assigned: tally.get(row.id)?.assigned ?? 0,
            completed: tally.get(row.id)?.completed ?? 0,
            updated_at: instant(row.updated_at),
          };
        }),
      };
    },

    'authoring:get': async ({ id }: ArgsOf<'authoring:get'>) => {
      const row = await readRow(id);
      if (row === null) return notFound(id);
      if ('ok' in row) return row;
      const scores = await onlineRead(
        context,
        z.array(scoreRowSchema),
        'read the results',
        'results',
        (signal) =>
          client
            .from('assessment_responses')
            .select('score, passed')
            .eq('assessment_id', id)
            .eq('status', 'submitted')
            .limit(MAX_RESULTS_READ)
            .abortSignal(signal),
      );
      if (isFailure(scores)) return scores;
      return {
        assessment: {
          id: row.id,
          title: row.title,
          description: row.description ?? '',
          is_active: row.is_active,
          definition: definitionOfRow(row),
          submitted: scores.length,
          passed: scores.filter((row) => row.passed === true).length,
          score_bands: scoreBands(scores),
          updated_at: instant(row.updated_at),
        },
      };
    },

    'authoring:save': async ({
      id,
      title,
      description,
      is_active,
      definition,
    }: ArgsOf<'authoring:save'>) => {
      const values = { title, description, is_active, ...rowOfDefinition(definition) };
      const saved = await onlineRead(
        context,
        z.array(z.object({ id: z.string(), updated_at: z.string() })),
        'save the assessment',
        'the saved assessment',
        (signal) =>
          id === undefined
            ? client.from('assessments').insert(values).select('id, updated_at').abortSignal(signal)
            : client
                .from('assessments')
                .update(values)
                .eq('id', id)
                .select('id, updated_at')
                .abortSignal(signal),
      );
      if (isFailure(saved)) return saved;
      const [row] = saved;
      if (row !== undefined) return { id: row.id, updated_at: instant(row.updated_at) };
      // An update that matched no row: either there is none, or the policy hid it from this writer.
      const seen = await readRow(id ?? '');
      if (seen !== null && 'ok' in seen) return seen;
      return seen === null
        ? notFound(id ?? '')
        : failure('FORBIDDEN', 'Only an admin may change an assessment.', { assessment_id: id });
    },

    'authoring:assignees': async ({ id }: ArgsOf<'authoring:assignees'>) => {
      const doing = 'list who takes the assessment';
      const [profiles, assigned, scored] = await Promise.all([
        onlineRead(context, z.array(profileRowSchema), doing, 'people', (signal) =>
          client
            .from('profiles')
            .select('id, full_name, email, role')
            .eq('is_active', true)
            .order('full_name')
            .abortSignal(signal),
        ),
        onlineRead(context, z.array(assignmentRowSchema), doing, 'assignments', (signal) =>
          client
            .from('assessment_assignments')
            .select('assessment_id, user_id, status, due_at')
            .eq('assessment_id', id)
            .abortSignal(signal),
        ),
        onlineRead(context, z.array(resultRowSchema), doing, 'results', (signal) =>
          client
            .from('assessment_responses')
            .select('user_id, score, passed, submitted_at, lead_id, lead:leads(name)')
            .eq('assessment_id', id)
            .eq('status', 'submitted')
            .order('submitted_at', { ascending: false })
            .abortSignal(signal),
        ),
      ]);
      if (isFailure(profiles)) return profiles;
      if (isFailure(assigned)) return assigned;
      if (isFailure(scored)) return scored;
      const assignmentOf = new Map(assigned.map((row) => [row.user_id, row]));
      const latest = new Map<string, z.infer<typeof resultRowSchema>>();
      // Newest first: the first row per person is their latest; a take of their own wins over a run
      // with a lead, whatever its age.
      for (const row of scored) {
        const kept = latest.get(row.user_id);
        if (kept === undefined || (kept.lead_id !== null && row.lead_id === null)) {
          latest.set(row.user_id, row);
        }
      }
      return {
        assignees: profiles.map((person) => {
          const assignment = assignmentOf.get(person.id);
          const result = latest.get(person.id);
          return {
            user_id: person.id,
            full_name: person.full_name,
            email: person.email,
            role: person.role,
            assignment:
              assignment === undefined
                ? null
                : {
                    status: assignment.status,
                    due_at: assignment.due_at === null ? null : instant(assignment.due_at),
                  },
            result:
              result === undefined
                ? null
                : {
                    score: result.score === null ? null : Number(result.score),
                    passed: result.passed ?? false,
                    submitted_at: instant(result.submitted_at),
                    lead:
                      result.lead_id === null
                        ? null
                        : { id: result.lead_id, name: result.lead?.name ?? null },
                  },
          };
        }),
      };
    },

    'authoring:assign': async ({ id, user_ids, due_at }: ArgsOf<'authoring:assign'>) => {
      const rows = user_ids.map((user_id) => ({
        assessment_id: id,
        user_id,
        due_at,
        status: 'assigned',
      }));
      const answer = await onlineCall(context, (signal) =>
        client
          .from('assessment_assignments')
          .upsert(rows, { onConflict: 'assessment_id,user_id' })
          .select('id')
          .abortSignal(signal),
      );
      if (!answer.ok) return answer;
      // 23503: the assessment (or a person) is not there.
      if (answer.error?.code === '23503') return notFound(id);
      if (answer.error !== null) return serverFailure('assign the assessment', answer.error);
      return { assigned: Array.isArray(answer.data) ? answer.data.length : 0 };
    },
  };
}
