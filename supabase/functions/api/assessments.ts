// /assessments and their responses and results, as the caller: admins author assessments, staff read
// them with every response, a taker answers what was assigned to them and reads their own results.
import { ApiFailure, success } from '../_shared/api-response.ts';
import { readJsonBody, validated } from '../_shared/json-body.ts';
import { rowsOf } from './caller-rest.ts';
import { type ApiContext, MAX_BODY_BYTES, pageOf } from './context.ts';
import { newAssessment, newResponse, pageQuery, UUID } from './schemas.ts';

const assessmentNotFound = () =>
  new ApiFailure('ASSESSMENT_NOT_FOUND', 'No assessment has this id.');

function assessmentId(context: ApiContext): string {
  const id = context.params.id ?? '';
  if (!UUID.test(id)) throw assessmentNotFound();
  return id.toLowerCase();
}

export async function listAssessments(context: ApiContext): Promise<Response> {
  const query = validated(pageQuery, Object.fromEntries(context.query));
  return pageOf(context, 'assessments', '', 'created_at.desc,id.asc', query, 'list assessments');
}

export async function createAssessment(context: ApiContext): Promise<Response> {
  const assessment = await readJsonBody(context.request, newAssessment, MAX_BODY_BYTES);
  const answer = await context.rest('POST', '/assessments', 'author assessments', {
    body: assessment,
    prefer: 'return=representation',
  });
  return success(rowsOf(answer)[0], 201);
}

/** A page of `table`'s rows for the assessment in the path (RLS: staff see all, others their own). */
function pageOfAssessment(
  context: ApiContext,
  table: string,
  order: string,
  what: string,
): Promise<Response> {
  const query = validated(pageQuery, Object.fromEntries(context.query));
  return pageOf(context, table, `assessment_id=eq.${assessmentId(context)}`, order, query, what);
}

export function listResponses(context: ApiContext): Promise<Response> {
  return pageOfAssessment(
    context,
    'assessment_responses',
    'created_at.desc,id.asc',
    'list responses',
  );
}

export async function createResponse(context: ApiContext): Promise<Response> {
  const id = assessmentId(context);
  const response = await readJsonBody(context.request, newResponse, MAX_BODY_BYTES);
  const answer = await context.rest('POST', '/assessment_responses', 'answer this assessment', {
    body: { ...response, assessment_id: id },
    prefer: 'return=representation',
    refusals: {
      '23503': assessmentNotFound(),
      '42501': new ApiFailure(
        'FORBIDDEN',
        'This assessment is not assigned to you (or you completed it already), or the lead is not yours.',
      ),
      '23505': new ApiFailure(
        'CONFLICT',
        'This lead has a scored response to this assessment already.',
        'lead_id',
      ),
    },
  });
  return success(rowsOf(answer)[0], 201);
}

export function listResults(context: ApiContext): Promise<Response> {
  return pageOfAssessment(
    context,
    'assessment_results',
    'submitted_at.desc,id.asc',
    'list results',
  );
}
