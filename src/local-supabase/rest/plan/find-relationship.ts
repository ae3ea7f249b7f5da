import { fail, ok, restError, type RestError, type Result } from '../errors.js';
import { closestMatch } from '../schema/fuzzy.js';
import type { Relationship, SchemaCache } from '../schema/types.js';

const CARDINALITY_NAMES = {
  m2o: 'many-to-one',
  o2m: 'one-to-many',
  o2o: 'one-to-one',
  m2m: 'many-to-many',
} as const;

function singleColumn(relationship: Relationship): [string, string] | undefined {
  return relationship.columns.length === 1 ? relationship.columns[0] : undefined;
}

/** PostgREST's matching rules (Plan.hs findRel): table name, constraint, column, or a hint naming one of them. */
function matches(relationship: Relationship, target: string, hint: string | undefined): boolean {
  const single = relationship.cardinality === 'm2m' ? undefined : singleColumn(relationship);
  const isConstraint = (name: string) =>
    relationship.cardinality !== 'm2m' && relationship.constraint === name;
  const isColumn = (name: string) => single?.[0] === name;
  const isForeignColumn = (name: string) => single?.[1] === name;
  const isJunction = (name: string) => relationship.junction?.table === name;
  if (relationship.isSelf) {
    if (hint === undefined) {
      return (
        (target === relationship.foreignTable && relationship.cardinality === 'o2m') ||
        (isColumn(target) && relationship.cardinality === 'm2o')
      );
    }
    return (
      target === relationship.foreignTable &&
      relationship.cardinality === 'o2m' &&
      isForeignColumn(hint)
    );
  }
  if (hint === undefined) {
    return (
      target === relationship.foreignTable ||
      (isConstraint(target) && !relationship.foreignTableIsView) ||
      (isColumn(target) && !relationship.foreignTableIsView)
    );
  }
  return (
    target === relationship.foreignTable &&
    (isConstraint(hint) || isColumn(hint) || isForeignColumn(hint) || isJunction(hint))
  );
}

function describe(relationship: Relationship): Record<string, string> {
  const columns = (pairs: [string, string][], side: 0 | 1) =>
    `(${pairs.map((pair) => pair[side]).join(', ')})`;
  const junction = relationship.junction;
  return {
    cardinality: CARDINALITY_NAMES[relationship.cardinality],
    embedding: `${relationship.table} with ${relationship.foreignTable}`,
    relationship: junction
      ? `${junction.table} using ${junction.constraint1}${columns(junction.sourceColumns, 0)} and ${junction.constraint2}${columns(junction.targetColumns, 0)}`
      : `${relationship.constraint} using ${relationship.table}${columns(relationship.columns, 0)} and ${relationship.foreignTable}${columns(relationship.columns, 1)}`,
  };
}

function hintName(relationship: Relationship): string {
  return `'${relationship.foreignTable}!${relationship.junction?.table ?? relationship.constraint}'`;
}

function noRelationship(
  cache: SchemaCache,
  origin: string,
  target: string,
  hint: string | undefined,
): RestError {
  const known = cache.relationships.get(origin);
  const suggestion = known
    ? closestMatch(
        target,
        known.map((relationship) => relationship.foreignTable).filter((name) => name !== target),
        0.5,
      )
    : closestMatch(origin, cache.relationships.keys(), 0.5);
  const wrong = known ? target : origin;
  return restError(
    400,
    'PGRST200',
    `Could not find a relationship between '${origin}' and '${target}' in the schema cache`,
    `Searched for a foreign key relationship between '${origin}' and '${target}'${hint === undefined ? '' : ` using the hint '${hint}'`} in the schema '${cache.schema}', but no matches were found.`,
    suggestion ? `Perhaps you meant '${suggestion}' instead of '${wrong}'.` : null,
  );
}

/** The one relationship that embeds `target` under `origin`; PGRST200 when none, PGRST201 when several. */
export function findRelationship(
  cache: SchemaCache,
  origin: string,
  target: string,
  hint: string | undefined,
): Result<Relationship> {
  const found = (cache.relationships.get(origin) ?? []).filter((relationship) =>
    matches(relationship, target, hint),
  );
  const [only] = found;
  if (found.length === 1 && only) return ok(only);
  if (found.length === 0) return fail(noRelationship(cache, origin, target, hint));
  return fail(
    restError(
      300,
      'PGRST201',
      `Could not embed because more than one relationship was found for '${origin}' and '${target}'`,
      found.map(describe),
      `Try changing '${target}' to one of the following: ${found.map(hintName).join(', ')}. Find the desired relationship in the 'details' key.`,
    ),
  );
}
