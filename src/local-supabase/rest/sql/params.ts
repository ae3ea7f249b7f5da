/** Collects bound values; every value from a request reaches PostgreSQL as `$n`, never inside the SQL text. */
export class SqlParams {
  readonly values: unknown[] = [];

  /** Adds a value and returns its placeholder; PostgreSQL infers the type from where it is used. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Quotes an identifier that the schema cache vouched for, or an alias the request chose for its output. */
export function ident(name: string): string {
  return `"${name.replace(/\0/g, '').replace(/"/g, '""')}"`;
}

export function qualified(schema: string, name: string): string {
  return `${ident(schema)}.${ident(name)}`;
}

/** A PostgreSQL array literal such as `{"a","b\"c"}`, for `in.(...)` bound as one value. */
export function arrayLiteral(values: string[]): string {
  const escaped = values.map(
    (value) => `"${value.replace(/\0/g, '').replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`,
  );
  return `{${escaped.join(',')}}`;
}

/** Cast types come from the grammar (letters, digits, `_`, `$`, spaces); PostgREST leaves them unquoted so `int` works. */
export function castType(type: string): string {
  if (!/^[\p{L}0-9_ $]+$/u.test(type))
    throw new Error(`cast type ${JSON.stringify(type)} escaped the grammar`);
  return type;
}
