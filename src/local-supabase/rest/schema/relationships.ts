import type { Relationship, Table } from './types.js';

export interface ForeignKey {
  name: string;
  table: string;
  foreignTable: string;
  columns: string[];
  foreignColumns: string[];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}

function zip(a: string[], b: string[]): [string, string][] {
  return a.map((item, index) => [item, b[index] ?? '']);
}

export interface ViewColumn {
  view: string;
  table: string;
  column: string;
}

/**
 * The relations that expose a foreign key's columns: the table itself, and each view that reads all
 * of them from it under the same names (PostgREST also follows renamed columns; this does not).
 */
function endpoints(
  tables: Map<string, Table>,
  viewColumns: ViewColumn[],
  table: string,
  columns: string[],
): string[] {
  const views = new Set(
    viewColumns.filter((entry) => entry.table === table).map((entry) => entry.view),
  );
  const passing = [...views].filter((view) =>
    columns.every(
      (column) =>
        tables.get(view)?.columns.has(column) &&
        viewColumns.some(
          (entry) => entry.view === view && entry.table === table && entry.column === column,
        ),
    ),
  );
  return [table, ...passing];
}

/**
 * PostgREST's relationships from foreign keys: each key gives a to-one from the referencing table and a
 * to-many back (one-to-one both ways when the key columns are unique), views that pass the key's
 * columns through get the same, and a table whose primary key covers two foreign keys is a junction
 * giving many-to-many between the tables it references.
 */
export function deriveRelationships(
  tables: Map<string, Table>,
  foreignKeys: ForeignKey[],
  viewColumns: ViewColumn[] = [],
): Map<string, Relationship[]> {
  const all: Relationship[] = [];
  const isView = (name: string) => tables.get(name)?.isView ?? false;
  for (const key of foreignKeys) {
    const unique = (tables.get(key.table)?.uniqueKeys ?? []).some((columns) =>
      sameSet(columns, key.columns),
    );
    for (const source of endpoints(tables, viewColumns, key.table, key.columns)) {
      for (const target of endpoints(tables, viewColumns, key.foreignTable, key.foreignColumns)) {
        const isSelf = source === target;
        all.push({
          table: source,
          foreignTable: target,
          cardinality: unique ? 'o2o' : 'm2o',
          constraint: key.name,
          columns: zip(key.columns, key.foreignColumns),
          isSelf,
          foreignTableIsView: isView(target),
        });
        all.push({
          table: target,
          foreignTable: source,
          cardinality: unique ? 'o2o' : 'o2m',
          constraint: key.name,
          columns: zip(key.foreignColumns, key.columns),
          isSelf,
          foreignTableIsView: isView(source),
        });
      }
    }
  }
  for (const first of foreignKeys) {
    const primaryKey = tables.get(first.table)?.primaryKey ?? [];
    for (const second of foreignKeys) {
      if (second.table !== first.table || second.name === first.name) continue;
      const junctionColumns = [...first.columns, ...second.columns];
      if (!junctionColumns.every((column) => primaryKey.includes(column))) continue;
      all.push({
        table: first.foreignTable,
        foreignTable: second.foreignTable,
        cardinality: 'm2m',
        constraint: first.name,
        columns: [],
        junction: {
          table: first.table,
          constraint1: first.name,
          constraint2: second.name,
          sourceColumns: zip(first.columns, first.foreignColumns),
          targetColumns: zip(second.columns, second.foreignColumns),
        },
        isSelf: first.foreignTable === second.foreignTable,
        foreignTableIsView: isView(second.foreignTable),
      });
    }
  }
  const byOrigin = new Map<string, Relationship[]>();
  for (const relationship of all) {
    byOrigin.set(relationship.table, [...(byOrigin.get(relationship.table) ?? []), relationship]);
  }
  return byOrigin;
}
