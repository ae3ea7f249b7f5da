import type { Routine, RoutineParam } from '../schema/types.js';
import { arrayLiteral, ident, qualified, type SqlParams } from './params.js';
import type { JsonBody } from './mutate-sql.js';

export type CallArguments =
  /** POST: the JSON body, read as a record typed by the parameters it names. */
  | { kind: 'json'; body: JsonBody; names: string[] }
  /** POST to a function taking one unnamed json/jsonb parameter: the whole body. */
  | { kind: 'whole'; body: string }
  /** GET/HEAD: query string values, repeated for a variadic parameter. */
  | { kind: 'query'; values: Map<string, string[]> };

function namedArgument(param: RoutineParam, value: string): string {
  return `${param.variadic ? 'VARIADIC ' : ''}${ident(param.name)} := ${value}`;
}

function queryArguments(
  routine: Routine,
  values: Map<string, string[]>,
  params: SqlParams,
): string {
  return routine.params
    .filter((param) => values.has(param.name))
    .map((param) => {
      const given = values.get(param.name) ?? [];
      // A variadic parameter repeated in the query string (`?v=1&v=2`) is one array.
      const text = param.variadic && given.length > 1 ? arrayLiteral(given) : (given.at(-1) ?? '');
      return namedArgument(param, `${params.add(text)}::${param.type}`);
    })
    .join(', ');
}

/**
 * The function call as PostgREST makes it: named arguments, a scalar result as the column `pgrst_scalar`,
 * a composite result as the function's columns.
 */
export function callSql(
  schema: string,
  routine: Routine,
  args: CallArguments,
  params: SqlParams,
): string {
  const fn = qualified(schema, routine.name);
  const scalar = routine.returnKind !== 'composite';
  const call = (argumentList: string) =>
    scalar
      ? `(SELECT ${fn}(${argumentList}) pgrst_scalar) pgrst_call`
      : `${fn}(${argumentList}) pgrst_call`;
  const selected = scalar ? 'pgrst_call.pgrst_scalar' : 'pgrst_call.*';
  switch (args.kind) {
    case 'query':
      return `SELECT ${selected} FROM ${call(queryArguments(routine, args.values, params))}`;
    case 'whole': {
      const [param] = routine.params;
      return `SELECT ${selected} FROM ${call(`${params.add(args.body)}::${param?.type ?? 'json'}`)}`;
    }
    case 'json': {
      const used = routine.params.filter((param) => args.names.includes(param.name));
      if (used.length === 0) return `SELECT ${selected} FROM ${call('')}`;
      const typed = used.map((param) => `${ident(param.name)} ${param.type}`).join(', ');
      const reader = args.body.isObject ? 'json_to_record' : 'json_to_recordset';
      const body =
        `(SELECT ${params.add(args.body.text)}::json AS json_data) pgrst_payload, ` +
        `LATERAL (SELECT * FROM ${reader}(pgrst_payload.json_data) AS _(${typed}) LIMIT 1) pgrst_body`;
      const argumentList = used
        .map((param) => namedArgument(param, `pgrst_body.${ident(param.name)}`))
        .join(', ');
      return `SELECT ${selected} FROM ${body}, LATERAL ${call(argumentList)}`;
    }
  }
}
