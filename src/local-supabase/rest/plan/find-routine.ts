import { fail, ok, restError, type RestError, type Result } from '../errors.js';
import { closestMatch, similarity } from '../schema/fuzzy.js';
import type { Routine, SchemaCache } from '../schema/types.js';

function matchesArguments(routine: Routine, keys: Set<string>): boolean {
  if (routine.params.length === 0) return keys.size === 0;
  const required = routine.params.filter((param) => !param.hasDefault).map((param) => param.name);
  const optional = new Set(
    routine.params.filter((param) => param.hasDefault).map((param) => param.name),
  );
  const givenRequired = [...keys].filter((key) => !optional.has(key));
  return givenRequired.length === required.length && required.every((name) => keys.has(name));
}

function takesWholeBody(routine: Routine, isPost: boolean): boolean {
  const [only] = routine.params;
  return (
    isPost &&
    routine.params.length === 1 &&
    only?.name === '' &&
    (only.type === 'json' || only.type === 'jsonb')
  );
}

function describeParams(keys: string[], isPost: boolean): { message: string; details: string } {
  const list = keys.join(', ');
  const detailParams =
    keys.length === 0
      ? ' without parameters'
      : ` with parameter${keys.length > 1 ? 's' : ''} ${list}`;
  return {
    message: keys.length === 0 ? ' without parameters' : `(${list})`,
    details: isPost
      ? `${detailParams} or with a single unnamed json/jsonb parameter`
      : detailParams,
  };
}

function noFunction(
  cache: SchemaCache,
  name: string,
  keys: string[],
  overloads: Routine[],
  isPost: boolean,
): RestError {
  const qualified = `${cache.schema}.${name}`;
  const { message, details } = describeParams(keys, isPost);
  let hint: string | null = null;
  if (overloads.length === 0) {
    const suggestion = closestMatch(name, cache.routines.keys());
    if (suggestion) hint = `Perhaps you meant to call the function ${cache.schema}.${suggestion}`;
  } else {
    const asText = (names: string[]) => `(${[...names].sort().join(', ')})`;
    const wanted = asText(keys);
    const best = overloads
      .map((routine) => asText(routine.params.map((param) => param.name)))
      .map((candidate) => ({ candidate, score: similarity(wanted, candidate) }))
      .sort((a, b) => b.score - a.score)[0];
    if (best && best.score >= 0.33)
      hint = `Perhaps you meant to call the function ${qualified}${best.candidate}`;
  }
  return restError(
    404,
    'PGRST202',
    `Could not find the function ${qualified}${message} in the schema cache`,
    `Searched for the function ${qualified}${details}, but no matches were found in the schema cache.`,
    hint,
  );
}

/** PostgREST's overload resolution (Plan.hs findProc): by argument names, else a single unnamed json body. */
export function findRoutine(
  cache: SchemaCache,
  name: string,
  keys: Set<string>,
  isPost: boolean,
): Result<Routine> {
  const overloads = cache.routines.get(name) ?? [];
  const matching = overloads.filter((routine) => matchesArguments(routine, keys));
  const fallback = overloads.filter(
    (routine) => !matchesArguments(routine, keys) && takesWholeBody(routine, isPost),
  );
  const candidates = matching.length > 0 ? matching : fallback;
  const [only] = candidates;
  if (candidates.length === 1 && only) return ok(only);
  if (candidates.length === 0)
    return fail(noFunction(cache, name, [...keys].sort(), overloads, isPost));
  const signature = (routine: Routine) =>
    `${cache.schema}.${routine.name}(${routine.params.map((param) => `${param.name} => ${param.type}`).join(', ')})`;
  return fail(
    restError(
      300,
      'PGRST203',
      `Could not choose the best candidate function between: ${candidates.map(signature).join(', ')}`,
      null,
      'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
    ),
  );
}
