// assessments:*: online only (answers are scored by the server, never on the taker's machine). What a
// telecaller may do is what the migrations allow: read their assignments through my_assessments(), insert
// a response for an assessment assigned to them (with a lead only if they hold it), submit it once.
import { z } from 'zod';
import { failure, isFailure, type Failure } from '../../domain/failure.js';
import {
  assessmentOfferRowSchema,
  checkAnswers,
  myAssessmentRowSchema,
  resultOf,
  summaryOf,
  takerAssessmentOf,
  type AssessmentOfferRow,
  type MyAssessmentRow,
} from './assessment-rows.js';
import { invokeFunction } from './function-call.js';
import { onlineCall, onlineRead, serverFailure, unreadable } from './online-call.js';
import { withCache, type FeatureHandlers, type ServiceContext } from './service-context.js';

const responseRowSchema = z.object({
  id: z.string(),
  assessment_id: z.string(),
  status: z.string(),
  started_at: z.string(),
});

const STRIPE_CHECKOUT_FUNCTION = 'stripe-checkout';

const checkoutAnswerSchema = z.object({ url: z.url({ protocol: /^https?$/ }), id: z.string() });

function notAssigned(assessmentId: string): Failure<'ASSESSMENT_NOT_FOUND'> {
  return failure('ASSESSMENT_NOT_FOUND', 'This assessment is not (or no longer) assigned to you.', {
    assessment_id: assessmentId,
  });
}

export function assessmentsHandlers(
  context: ServiceContext,
): FeatureHandlers<
  'assessments:list' | 'assessments:start' | 'assessments:submit' | 'assessments:checkout'
> {
  const { workstation, now } = context;
  const client = workstation.session.client;

  const myAssessments = (): Promise<MyAssessmentRow[] | Failure> =>
    onlineRead(
      context,
      z.array(myAssessmentRowSchema),
      'list your assessments',
      'your assessments',
      (signal) => client.rpc('my_assessments').abortSignal(signal),
    );

  /** The caller's assigned paid assessments by id (none on a server without the paid_assessments migration). */
  const offers = async (): Promise<Map<string, AssessmentOfferRow> | Failure> => {
    const answer = await onlineCall(context, (signal) =>
      client.rpc('my_assessment_offers').abortSignal(signal),
    );
    if (!answer.ok) return answer;
    // PGRST202: PostgREST knows no such function, so nothing there is sold through the app.
    if (answer.error?.code === 'PGRST202') return new Map();
    if (answer.error !== null) return serverFailure('read the prices', answer.error);
    const parsed = z.array(assessmentOfferRowSchema).safeParse(answer.data);
    if (!parsed.success) return unreadable('the prices', parsed.error.issues);
    return new Map(parsed.data.map((row) => [row.assessment_id, row]));
  };

  const assigned = async (assessmentId: string): Promise<MyAssessmentRow | Failure> => {
    const rows = await myAssessments();
    if (isFailure(rows)) return rows;
    return rows.find((row) => row.assessment_id === assessmentId) ?? notAssigned(assessmentId);
  };

  const userId = (): string | Failure => {
    const user = workstation.session.currentUser();
    return user === null ? failure('NOT_SIGNED_IN', 'Sign in to take assessments.') : user.id;
  };

  /** The taker's unfinished response to the same assessment with the same lead, to carry on with. */
  const unfinished = async (
    me: string,
    assessmentId: string,
    leadId: string | null,
  ): Promise<z.infer<typeof responseRowSchema> | null | Failure> => {
    const rows = await onlineRead(
      context,
      z.array(responseRowSchema),
      'read your responses',
      'your responses',
      (signal) => {
        const mine = client
          .from('assessment_responses')
          .select('id, assessment_id, status, started_at')
          .eq('user_id', me)
          .eq('assessment_id', assessmentId)
          .eq('status', 'in_progress');
        const withLead = leadId === null ? mine.is('lead_id', null) : mine.eq('lead_id', leadId);
        return withLead.order('started_at', { ascending: false }).limit(1).abortSignal(signal);
      },
    );
    return isFailure(rows) ? rows : (rows[0] ?? null);
  };

  return {
    'assessments:list': async () => {
      const [rows, paid] = await Promise.all([myAssessments(), offers()]);
      if (isFailure(rows)) return rows;
      if (isFailure(paid)) return paid;
      return { assessments: rows.map((row) => summaryOf(row, paid.get(row.assessment_id))) };
    },

    'assessments:checkout': async ({ assessment_id }) => {
      const paid = await offers();
      if (isFailure(paid)) return paid;
      const offer = paid.get(assessment_id);
      if (offer === undefined) {
        // Either not this person's, or free: my_assessment_offers names only assigned paid ones.
        const row = await assigned(assessment_id);
        if (isFailure(row)) return row;
        return failure('PRODUCT_NOT_AVAILABLE', 'This assessment is free: there is nothing to buy.', {
          assessment_id,
        });
      }
      if (offer.unlocked) {
        return failure('ALREADY_UNLOCKED', 'You have already unlocked this assessment.', {
          assessment_id,
        });
      }
      const session = await invokeFunction(
        context,
        STRIPE_CHECKOUT_FUNCTION,
        { product_id: offer.product_id },
        checkoutAnswerSchema,
        'the checkout',
      );
      return isFailure(session) ? session : { url: session.url };
    },

    'assessments:start': async ({ assessment_id, lead_id }) => {
      const me = userId();
      if (isFailure(me)) return me;
      if (lead_id !== undefined) {
        const held = withCache(workstation, (cache) => cache.leadWithHistory(lead_id) !== null);
        if (isFailure(held)) return held;
        if (!held) {
          return failure('LEAD_NOT_FOUND', 'This lead is not (or no longer) in your list.', {
            lead_id,
          });
        }
      }
      const row = await assigned(assessment_id);
      if (isFailure(row)) return row;
      const assessment = takerAssessmentOf(row);
      if (isFailure(assessment)) return assessment;

      const open = await unfinished(me, assessment_id, lead_id ?? null);
      if (isFailure(open)) return open;
      let response = open;
      if (response === null) {
        const inserted = await onlineCall(context, (signal) =>
          client
            .from('assessment_responses')
            .insert({ assessment_id, lead_id: lead_id ?? null })
            .select('id, assessment_id, status, started_at')
            .abortSignal(signal)
            .single(),
        );
        if (!inserted.ok) return inserted;
        if (inserted.error !== null) {
          // RLS refused the insert: the lead moved to someone else since the last pull, or (for
          // oneself) the assessment was submitted already and takes one result.
          if (inserted.error.code === '42501') {
            return lead_id !== undefined
              ? failure('LEAD_NOT_FOUND', 'This lead is no longer assigned to you.', { lead_id })
              : failure(
                  'ASSESSMENT_ALREADY_TAKEN',
                  'You have submitted this assessment already; it takes one result.',
                  { assessment_id },
                );
          }
          return serverFailure('start the assessment', inserted.error);
        }
        const parsed = responseRowSchema.safeParse(inserted.data);
        if (!parsed.success) return unreadable('the new response', parsed.error.issues);
        response = parsed.data;
      }
      return {
        response_id: response.id,
        started_at: new Date(Date.parse(response.started_at)).toISOString(),
        assessment,
      };
    },

    'assessments:submit': async ({ response_id, answers }) => {
      const me = userId();
      if (isFailure(me)) return me;
      const response = await onlineRead(
        context,
        responseRowSchema.nullable(),
        'read the response',
        'the response',
        (signal) =>
          client
            .from('assessment_responses')
            .select('id, assessment_id, status, started_at')
            .eq('id', response_id)
            .eq('user_id', me)
            .abortSignal(signal)
            .maybeSingle(),
      );
      if (isFailure(response)) return response;
      if (response === null) {
        return failure('ASSESSMENT_RESPONSE_NOT_FOUND', 'There is no such response of yours.', {
          response_id,
        });
      }
      if (response.status === 'submitted') {
        return failure('ASSESSMENT_ALREADY_SUBMITTED', 'This response was already submitted.', {
          response_id,
        });
      }
      const row = await assigned(response.assessment_id);
      if (isFailure(row)) return row;
      const assessment = takerAssessmentOf(row);
      if (isFailure(assessment)) return assessment;
      const refused = checkAnswers(assessment, answers);
      if (refused !== null) return refused;

      const submitted = await onlineCall(context, (signal) =>
        client
          .from('assessment_responses')
          .update({ answers, status: 'submitted' })
          .eq('id', response_id)
          .eq('status', 'in_progress')
          .select('id, score, passed, section_scores, submitted_at')
          .abortSignal(signal)
          .maybeSingle(),
      );
      if (!submitted.ok) return submitted;
      if (submitted.error !== null) {
        // The unique index on (assessment, lead) for submitted results: this lead took it already.
        if (submitted.error.code === '23505') {
          return failure(
            'ASSESSMENT_ALREADY_TAKEN',
            'This lead has taken this assessment already; a lead takes it once.',
            { response_id },
          );
        }
        return serverFailure('submit the answers', submitted.error);
      }
      // No row: another window submitted it between the read and the update.
      if (submitted.data === null) {
        return failure('ASSESSMENT_ALREADY_SUBMITTED', 'This response was already submitted.', {
          response_id,
        });
      }
      return resultOf(submitted.data, now()) ?? unreadable('the score', submitted.data);
    },
  };
}
