// Which route a request is: NOT_FOUND for a path no route has, METHOD_NOT_ALLOWED (with Allow) for a
// path served with other methods. Path segments in braces ({id}) match any one segment.
import { ApiFailure } from '../_shared/api-response.ts';
import { type Operation, ROUTES } from './routes.ts';

export interface MatchedRoute {
  operation: Operation;
  params: Record<string, string>;
}

// The function's own name leads the path (/api/leads), on the platform and on the embedded stack.
const FUNCTION_PREFIX = /^\/api(?=\/|$)/;

function segments(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

// A malformed escape (%zz) cannot name a row; left as typed, it matches no id.
function safelyDecoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch (_error) {
    return segment;
  }
}

function matchPath(template: string, actual: string[]): Record<string, string> | undefined {
  const parts = segments(template);
  if (parts.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const segment = actual[index]!;
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    if (name) params[name] = safelyDecoded(segment);
    else if (part !== segment) return undefined;
  }
  return params;
}

export function matchRoute(method: string, pathname: string): MatchedRoute {
  const actual = segments(pathname.replace(FUNCTION_PREFIX, ''));
  const allowed: string[] = [];
  for (const route of ROUTES) {
    const params = matchPath(route.path, actual);
    if (!params) continue;
    if (route.method === method) return { operation: route.operation, params };
    allowed.push(route.method);
  }
  if (allowed.length === 0) {
    throw new ApiFailure('NOT_FOUND', `No route ${method} /${actual.join('/')}; see openapi.json.`);
  }
  throw new ApiFailure(
    'METHOD_NOT_ALLOWED',
    `/${actual.join('/')} takes ${allowed.join(', ')}.`,
    undefined,
    { allow: allowed.join(', ') },
  );
}
