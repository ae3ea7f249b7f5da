import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { startTestStack } from '../../support/stack.js';
import { ALICE, BOB, REST_FIXTURE_SQL, userToken } from './fixture.js';

/** Text that only rows Alice may not see contain; finding it in any answer to Alice is a leak. */
const HIDDEN_MARKER = 'zq7hidden9x';
const HIDDEN_SQL = `
insert into public.notes (owner_id, body, shared) values
  ('${BOB}', '${HIDDEN_MARKER} bob private', false),
  ('${BOB}', '${HIDDEN_MARKER} bob private too', false);
update public.secrets set value = '${HIDDEN_MARKER} secret';
create table public.pins (id int primary key, note_id uuid references public.notes (id), label text);
insert into public.pins select row_number() over (), id, body from public.notes;
update public.pins set label = 'pin';
`;

const RUNS = Number(process.env.TALENTG_REST_PROPERTY_RUNS ?? 2000);
const TIME_LIMIT_MS = 60_000;

const TABLES = [
  'books',
  'authors',
  'notes',
  'pins',
  'secrets',
  'tags',
  'book_tags',
  'covers',
  'publishers',
  'book_titles',
];
const COLUMNS = [
  'id',
  'title',
  'name',
  'body',
  'owner_id',
  'shared',
  'author_id',
  'pages',
  'price',
  'tags',
  'meta',
  'bio',
  'period',
  'search',
  'label',
  'value',
  'status',
  'created_at',
];
const EMBEDS = [
  'authors',
  'books',
  'notes',
  'pins',
  'notes!inner',
  'tags',
  'publishers',
  'covers',
  'secrets',
  'authors!author_id',
  'books!editor_id',
  'books!inner',
  'tags!book_tags',
];
const OPERATORS = [
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'like',
  'ilike',
  'match',
  'imatch',
  'in',
  'is',
  'isdistinct',
  'fts',
  'plfts',
  'phfts',
  'wfts',
  'cs',
  'cd',
  'ov',
  'sl',
  'sr',
  'nxl',
  'nxr',
  'adj',
  'not.eq',
  'eq(any)',
  'like(all)',
  'fts(english)',
  'nope',
];
const FUNCTIONS = [
  'add',
  'greet',
  'books_by',
  'first_book',
  'tag_labels',
  'book_stats',
  'rename_author',
  'add_tag',
  'noop',
  'echo',
  'my_note_count',
  'fail_plain',
  'missing_fn',
];

/** Awkward characters for values: the grammar's delimiters, quotes, escapes, unicode, SQL-ish text. */
const nasty = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '',
    '(',
    ')',
    ',',
    '.',
    '"',
    '\\',
    '*',
    '{a,b}',
    '[1,2)',
    'null',
    'NULL',
    "'; drop table notes; --",
    '%',
    '%%',
    '::',
    '->',
    '😀',
    '1e400',
    '-1',
    '9999999999999999999',
    ALICE,
    BOB,
    HIDDEN_MARKER.slice(0, 3),
  ),
);
const column = fc.oneof(fc.constantFrom(...COLUMNS), fc.string({ maxLength: 6 }));
const jsonPath = fc
  .array(
    fc.tuple(
      fc.constantFrom('->', '->>'),
      fc.oneof(fc.constantFrom('0', '1', 'isbn', 'country'), fc.string({ maxLength: 4 })),
    ),
    { maxLength: 2 },
  )
  .map((steps) => steps.map(([arrow, key]) => arrow + key).join(''));

const selectItem: fc.Arbitrary<string> = fc.letrec<{ item: string }>((tie) => ({
  item: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('*', 'count()', 'id', 'body'),
    fc
      .tuple(
        fc.option(fc.constantFrom('a:', 'x:', 'count:')),
        column,
        jsonPath,
        fc.option(fc.constantFrom('::text', '::int', '::jsonb', '::nope', '.count()', '.sum()')),
      )
      .map(([alias, name, path, suffix]) => `${alias ?? ''}${name}${path}${suffix ?? ''}`),
    fc
      .tuple(
        fc.constantFrom('', '...', 'e:'),
        fc.constantFrom(...EMBEDS),
        fc.array(tie('item'), { maxLength: 3 }),
      )
      .map(([prefix, embed, children]) => `${prefix}${embed}(${children.join(',')})`),
    fc.string({ maxLength: 8 }),
  ),
})).item;

const filterParam = fc
  .tuple(
    fc.option(fc.constantFrom('authors.', 'books.', 'notes.', 'x.')),
    column,
    jsonPath,
    fc.constantFrom(...OPERATORS),
    nasty,
  )
  .map(
    ([path, name, json, op, value]) =>
      [
        `${path ?? ''}${name}${json}`,
        op === 'in' ? `in.(${value},${value})` : `${op}.${value}`,
      ] as [string, string],
  );

const logicTree: fc.Arbitrary<string> = fc.letrec<{ tree: string }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small' },
    fc
      .tuple(column, fc.constantFrom(...OPERATORS), nasty)
      .map(([name, op, value]) => `${name}.${op}.${value}`),
    fc
      .tuple(
        fc.constantFrom('and', 'or', 'not.and', 'not.or'),
        fc.array(tie('tree'), { minLength: 1, maxLength: 3 }),
      )
      .map(([op, children]) => `${op}(${children.join(',')})`),
  ),
})).tree;

const queryParam: fc.Arbitrary<[string, string]> = fc.oneof(
  fc
    .array(selectItem, { maxLength: 4 })
    .map((items): [string, string] => ['select', items.join(',')]),
  filterParam,
  fc
    .tuple(fc.constantFrom('or', 'and', 'not.or', 'books.or'), logicTree)
    .map(([key, tree]): [string, string] => [key, `(${tree})`]),
  fc
    .tuple(
      fc.constantFrom('order', 'books.order', 'authors.order'),
      column,
      fc.constantFrom('', '.asc', '.desc.nullslast', '.nullsfirst', '.sideways'),
    )
    .map(([key, name, modifier]): [string, string] => [key, `${name}${modifier}`]),
  fc.tuple(
    fc.constantFrom('limit', 'offset', 'books.limit', 'notes.offset'),
    fc.oneof(fc.integer({ min: -5, max: 50 }).map(String), nasty),
  ),
  fc.tuple(
    fc.constantFrom('columns', 'on_conflict'),
    fc.array(column, { maxLength: 3 }).map((names) => names.join(',')),
  ),
  fc.tuple(fc.string({ maxLength: 8 }), nasty),
);

/** Encodes a value the way a sloppy client might: sometimes fully, sometimes only what would break the URL. */
const encode = (text: string, full: boolean) =>
  full ? encodeURIComponent(text) : text.replace(/[#%&+\s]/g, encodeURIComponent);

const bodyText = fc.oneof(
  fc.json({ maxDepth: 2 }),
  fc
    .dictionary(
      fc.oneof(fc.constantFrom(...COLUMNS), fc.string({ maxLength: 5 })),
      fc.oneof(nasty, fc.integer(), fc.boolean(), fc.constant(null)),
      { maxKeys: 4 },
    )
    .map((object) => JSON.stringify(object)),
  fc
    .array(fc.record({ body: nasty, owner_id: fc.constantFrom(ALICE, BOB) }), { maxLength: 3 })
    .map((rows) => JSON.stringify(rows)),
  fc.string({ maxLength: 20 }),
);

const wildRequest = fc.record({
  method: fc.constantFrom('GET', 'GET', 'GET', 'HEAD', 'POST', 'PATCH', 'DELETE', 'PUT'),
  path: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...TABLES).map((table) => `/${table}`) },
    { weight: 2, arbitrary: fc.constantFrom(...FUNCTIONS).map((fn) => `/rpc/${fn}`) },
    {
      weight: 1,
      arbitrary: fc.string({ maxLength: 10 }).map((text) => `/${encodeURIComponent(text)}`),
    },
  ),
  params: fc.array(queryParam, { maxLength: 5 }),
  fullyEncoded: fc.boolean(),
  body: bodyText,
  prefer: fc.option(
    fc.subarray([
      'return=representation',
      'return=minimal',
      'return=headers-only',
      'count=exact',
      'count=planned',
      'resolution=merge-duplicates',
      'resolution=ignore-duplicates',
      'missing=default',
      'handling=strict',
      'max-affected=1',
      'bogus',
    ]),
  ),
  accept: fc.option(
    fc.constantFrom(
      'application/json',
      'application/vnd.pgrst.object+json',
      'text/csv',
      'application/vnd.pgrst.array+json;nulls=stripped',
      'text/html',
      '*/*',
    ),
  ),
  range: fc.option(fc.constantFrom('0-1', '2-', '5-2', 'x', '0-0')),
  profile: fc.option(fc.constantFrom('public', 'auth', 'storage')),
});

/** Well-formed requests on the tables Alice can reach, so most get past the parser to the database. */
interface ColumnSpec {
  values: fc.Arbitrary<string>;
  operators: string[];
}
const text: ColumnSpec = {
  values: fc.oneof(fc.constantFrom('alice one', 'bob one', 'Solaris', '*one*', '%'), nasty),
  operators: ['eq', 'neq', 'like', 'ilike', 'in', 'isdistinct'],
};
const integer: ColumnSpec = {
  values: fc.integer({ min: -1, max: 400 }).map(String),
  operators: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in'],
};
const uuid: ColumnSpec = {
  values: fc.oneof(fc.constantFrom(ALICE, BOB), fc.uuid()),
  operators: ['eq', 'neq', 'in', 'isdistinct'],
};
const bool: ColumnSpec = {
  values: fc.constantFrom('true', 'false'),
  operators: ['eq', 'neq', 'isdistinct'],
};
const VALID: Record<
  string,
  {
    columns: Record<string, ColumnSpec>;
    embeds: string[];
    body: fc.Arbitrary<Record<string, unknown>>;
  }
> = {
  notes: {
    columns: { id: uuid, owner_id: uuid, body: text, shared: bool },
    embeds: ['pins(id,label)', 'pins!inner(*)'],
    body: fc.record(
      { body: nasty, shared: fc.boolean(), owner_id: fc.constantFrom(ALICE, BOB) },
      { requiredKeys: ['body'] },
    ),
  },
  pins: {
    columns: { id: integer, note_id: uuid, label: text },
    embeds: ['notes(*)', 'notes!inner(body,owner_id)', '...notes(body)', 'n:notes(id)'],
    body: fc.record({ id: fc.integer({ min: 100, max: 100_000 }), label: nasty }),
  },
  books: {
    columns: { id: integer, title: text, author_id: integer, pages: integer, status: text },
    embeds: ['authors!author_id(name)', 'tags(label)', 'publishers(*)', 'covers(color)'],
    body: fc.record(
      { title: nasty, pages: fc.integer({ min: 1, max: 999 }) },
      { requiredKeys: ['title'] },
    ),
  },
  authors: {
    columns: { id: integer, name: text },
    embeds: ['books!author_id(id,title)', 'books!editor_id(*)'],
    body: fc.record({ name: nasty }),
  },
};

const validRequest = fc.constantFrom(...Object.keys(VALID)).chain((table) => {
  const spec = VALID[table] ?? VALID.notes;
  if (!spec) throw new Error('no table spec');
  const names = Object.keys(spec.columns);
  const filter = fc
    .constantFrom(...names)
    .chain((name) => {
      const column = spec.columns[name] ?? text;
      return fc.tuple(
        fc.constant(name),
        fc.constantFrom(...column.operators, 'is', 'not.eq'),
        column.values,
      );
    })
    .map(([name, op, value]): [string, string] => [
      name,
      op === 'in' ? `in.(${value})` : op === 'is' ? 'is.null' : `${op}.${value}`,
    ]);
  const params = fc
    .tuple(
      fc
        .subarray([...names, ...spec.embeds, '*'], { minLength: 1, maxLength: 4 })
        .map((items): [string, string] => ['select', items.join(',')]),
      fc.array(filter, { maxLength: 3 }),
      fc.option(
        fc
          .tuple(fc.constantFrom(...names), fc.constantFrom('.asc', '.desc.nullsfirst', ''))
          .map(([name, dir]): [string, string] => ['order', name + dir]),
      ),
      fc.option(fc.integer({ min: 0, max: 4 }).map((n): [string, string] => ['limit', String(n)])),
    )
    .map(([select, filters, order, limit]) => [
      select,
      ...filters,
      ...(order ? [order] : []),
      ...(limit ? [limit] : []),
    ]);
  return fc.record({
    method: fc.constantFrom('GET', 'GET', 'GET', 'GET', 'HEAD', 'PATCH', 'DELETE', 'POST'),
    path: fc.constant(`/${table}`),
    params,
    fullyEncoded: fc.constant(true),
    body: spec.body.map((row) => JSON.stringify(row)),
    prefer: fc.option(fc.subarray(['return=representation', 'count=exact'])),
    accept: fc.constant(null),
    range: fc.constant(null),
    profile: fc.constant(null),
  });
});

const request = fc.oneof(
  { weight: 3, arbitrary: validRequest },
  { weight: 2, arbitrary: wildRequest },
);

let stack: RunningStack;
let aliceToken: string;

beforeAll(async () => {
  stack = await startTestStack({ migrations: false, fixtureSql: REST_FIXTURE_SQL + HIDDEN_SQL });
  aliceToken = await userToken(stack, ALICE, 24 * 3600);
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

describe('generated and malformed requests from a restricted user', () => {
  it(
    'never answer 5xx, always answer errors as PostgREST JSON, and never return rows RLS hides',
    async () => {
      let sent = 0;
      let succeeded = 0;
      const statuses = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(request, async (spec) => {
          const query = spec.params
            .map(
              ([key, value]) =>
                `${encode(key, spec.fullyEncoded)}=${encode(value, spec.fullyEncoded)}`,
            )
            .join('&');
          const headers: Record<string, string> = {
            apikey: stack.anonKey,
            authorization: `Bearer ${aliceToken}`,
          };
          if (spec.prefer) headers.prefer = spec.prefer.join(', ');
          if (spec.accept) headers.accept = spec.accept;
          if (spec.range) headers.range = spec.range;
          if (spec.profile)
            headers[
              spec.method === 'GET' || spec.method === 'HEAD' ? 'accept-profile' : 'content-profile'
            ] = spec.profile;
          const hasBody = !['GET', 'HEAD', 'DELETE'].includes(spec.method);
          if (hasBody) headers['content-type'] = 'application/json';
          const response = await fetch(
            `${stack.url}/rest/v1${spec.path}${query ? `?${query}` : ''}`,
            {
              method: spec.method,
              headers,
              ...(hasBody ? { body: spec.body } : {}),
            },
          );
          const text = await response.text();
          sent += 1;
          if (response.ok) succeeded += 1;
          const key = `${response.status} ${text.slice(0, 60)}`;
          statuses.set(key, (statuses.get(key) ?? 0) + 1);
          const context = `${spec.method} ${spec.path}?${query} -> ${response.status} ${text.slice(0, 300)}`;
          expect(response.status, context).toBeLessThan(500);
          expect(text.includes(HIDDEN_MARKER), context).toBe(false);
          if (
            response.status >= 400 &&
            text !== '' &&
            (response.headers.get('content-type') ?? '').includes('json')
          ) {
            expect(Object.keys(JSON.parse(text) as object).sort(), context).toEqual([
              'code',
              'details',
              'hint',
              'message',
            ]);
          }
        }),
        {
          numRuns: RUNS,
          interruptAfterTimeLimit: TIME_LIMIT_MS,
          seed: Number(process.env.TALENTG_REST_PROPERTY_SEED ?? Date.now() % 2 ** 31),
        },
      );
      expect(sent).toBeGreaterThan(Math.min(RUNS, 200));
      // The generator must reach the success path, not only the parser's refusals.
      expect(
        succeeded / sent,
        JSON.stringify([...statuses].sort((a, b) => b[1] - a[1]).slice(0, 25)),
      ).toBeGreaterThan(0.2);
      // Nothing Alice sent may have changed or removed Bob's rows.
      const bobs = await stack.db.query<{ body: string }>(
        `select body from public.notes where owner_id = $1 order by body`,
        [BOB],
      );
      expect(bobs.rows.map((row) => row.body)).toEqual([
        'bob one',
        `${HIDDEN_MARKER} bob private`,
        `${HIDDEN_MARKER} bob private too`,
      ]);
      const secrets = await stack.db.query<{ value: string }>(`select value from public.secrets`);
      expect(secrets.rows.map((row) => row.value)).toEqual([`${HIDDEN_MARKER} secret`]);
    },
    TIME_LIMIT_MS + 60_000,
  );
});
