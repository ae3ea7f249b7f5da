// The api function's routes, as OpenAPI writes them: the one list the router serves, and the list
// tests/integration/functions/api-openapi.test.ts compares with openapi.json in both directions.
// Plain data with no imports, so the Node tests can read it too.

export const ROUTES = [
  { method: 'GET', path: '/leads', operation: 'listLeads' },
  { method: 'POST', path: '/leads', operation: 'createLead' },
  { method: 'GET', path: '/leads/{id}', operation: 'getLead' },
  { method: 'PUT', path: '/leads/{id}', operation: 'updateLead' },
  { method: 'DELETE', path: '/leads/{id}', operation: 'deleteLead' },
  { method: 'GET', path: '/leads/{id}/interactions', operation: 'listInteractions' },
  { method: 'POST', path: '/leads/{id}/interactions', operation: 'createInteraction' },
  { method: 'GET', path: '/assessments', operation: 'listAssessments' },
  { method: 'POST', path: '/assessments', operation: 'createAssessment' },
  { method: 'GET', path: '/assessments/{id}/responses', operation: 'listResponses' },
  { method: 'POST', path: '/assessments/{id}/responses', operation: 'createResponse' },
  { method: 'GET', path: '/assessments/{id}/results', operation: 'listResults' },
] as const;

export type Route = (typeof ROUTES)[number];
export type Operation = Route['operation'];
