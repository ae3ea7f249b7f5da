import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NOW, seedCache, serverLead, tempDataDir } from '../../../tests/support/cache-rows.js';
import { openCache, type Cache } from './open-cache.js';
import { searchQuery } from './search.js';
import type { ServerRow } from './cache-port.js';

const USER = 'f00d0000-0000-4000-8000-000000000001';

let data: ReturnType<typeof tempDataDir>;
let cache: Cache;
let asha: ServerRow;
let ravi: ServerRow;
let priya: ServerRow;

beforeEach(() => {
  data = tempDataDir();
  cache = openCache({ dataDir: data.dir, userId: USER, checkpointIntervalMs: 0 });
  asha = serverLead(USER, {
    name: 'Asha Verma',
    email: 'asha.verma@example.in',
    company: 'Infosys',
    phone: '98765 43210',
    phone_e164: '+919876543210',
  });
  ravi = serverLead(USER, {
    name: 'Ravi Shankar',
    company: 'Tata Motors',
    phone: '+91 91234-56789',
    phone_e164: '+919123456789',
  });
  priya = serverLead(USER, { name: 'प्रिया शर्मा', company: 'Zoë Café' });
  seedCache(cache, [asha, ravi, priya]);
});
afterEach(() => {
  cache.close();
  data.remove();
});

const ids = (text: string) => cache.searchLeads(text, 10).map((lead) => lead.id);

describe('searchLeads', () => {
  it('matches word prefixes of name, email and company, every word required', () => {
    expect(ids('ash')).toEqual([asha.id]);
    expect(ids('asha verm')).toEqual([asha.id]);
    expect(ids('example')).toEqual([asha.id]);
    expect(ids('tata mot')).toEqual([ravi.id]);
    expect(ids('asha tata')).toEqual([]);
    expect(ids('शर्मा')).toEqual([priya.id]);
    expect(ids('zoe cafe')).toEqual([priya.id]);
  });

  it('finds a phone by any run of its digits, however it is typed', () => {
    expect(ids('98765')).toEqual([asha.id]);
    expect(ids('3210')).toEqual([asha.id]);
    expect(ids('+91 98765-43210')).toEqual([asha.id]);
    expect(ids('098765 43210')).toEqual([asha.id]);
    expect(ids('456789')).toEqual([ravi.id]);
  });

  const HOSTILE = [
    '"',
    '""',
    'AND (',
    'asha OR',
    'NEAR(a b)',
    '*',
    '-asha',
    "'",
    '^asha',
    'name:asha',
    ')(',
    '\\',
    '%_',
    '🙂',
    '0 0 0',
  ];

  it.each(HOSTILE)('does not throw on %j (the text is never FTS syntax)', (text) => {
    expect(Array.isArray(cache.searchLeads(text, 5))).toBe(true);
  });

  it('does not throw on 5000 characters of one word or 500 words', () => {
    expect(cache.searchLeads('x'.repeat(5000), 5)).toEqual([]);
    expect(Array.isArray(cache.searchLeads('asha '.repeat(500), 5))).toBe(true);
  });

  it('still finds what hostile punctuation surrounds', () => {
    expect(ids('"asha" (*')).toEqual([asha.id]);
    expect(ids('asha AND verma')).toEqual([]); // AND is a word the person typed, not an operator
    expect(ids('name:asha*')).toEqual([]); // so is 'name', and no lead has it
  });

  it('keeps the index in step with edits and removals', () => {
    expect(
      cache.updateContact({ leadId: asha.id, set: { name: 'Meera Nair', email: null }, now: NOW })
        .ok,
    ).toBe(true);
    expect(ids('asha verma')).toEqual([]);
    expect(ids('meera')).toEqual([asha.id]);
    cache.applyPulledPage(
      [{ entity: 'lead', id: ravi.id, op: 'remove' }],
      'c1',
      new Date(NOW).toISOString(),
    );
    expect(ids('ravi')).toEqual([]);
    cache.applyPulledPage(
      [{ entity: 'lead', id: ravi.id, op: 'upsert', row: { ...ravi, name: 'Ravi S.' } }],
      'c2',
      new Date(NOW).toISOString(),
    );
    expect(ids('ravi')).toEqual([ravi.id]);
  });
});

describe('searchQuery', () => {
  it('quotes each term as a prefix and drops everything else', () => {
    expect(searchQuery('asha "AND (verma')).toBe('"asha"* AND "AND"* AND "verma"*');
    expect(searchQuery('0987 43')).toBe('("0987"* OR "987"*) AND "43"*');
    expect(searchQuery(' -*() ')).toBeNull();
  });
});

describe('the index during a download', () => {
  const OTHER = 'f00d0000-0000-4000-8000-000000000002';
  const AT = new Date(NOW).toISOString();
  let fresh: Cache | null;
  const meera = () => serverLead(OTHER, { name: 'Meera Nair', phone_e164: '+919812312345' });
  const open = () => openCache({ dataDir: data.dir, userId: OTHER, checkpointIntervalMs: 0 });
  const found = (text: string) => fresh!.searchLeads(text, 10).map((lead) => lead.name);

  beforeEach(() => {
    fresh = open();
  });
  afterEach(() => {
    fresh?.close();
  });

  it('is built in one go at the end of the first download into an empty cache', () => {
    fresh!.beginResync();
    fresh!.applyBootstrapRows('lead', [meera()]);
    // Deferred: nothing is indexed while the download runs.
    expect(found('meera')).toEqual([]);
    fresh!.finishResync('c1', AT);
    expect(found('meera')).toEqual(['Meera Nair']);
    expect(found('12312')).toEqual(['Meera Nair']);
  });

  it('stays row by row on a resync of a filled cache', () => {
    cache.beginResync();
    cache.applyBootstrapRows('lead', [{ ...asha, company: 'Wipro' }]);
    expect(ids('wipro')).toEqual([asha.id]);
    expect(ids('infosys')).toEqual([]);
    cache.finishResync('c2', AT);
    expect(ids('wipro')).toEqual([asha.id]);
  });

  it('builds the index at the end of the next download when one was cut short in the same process', () => {
    const first = meera();
    fresh!.beginResync();
    fresh!.applyBootstrapRows('lead', [first]);
    // The round failed (the network went); the engine starts the download again later.
    fresh!.beginResync();
    fresh!.applyBootstrapRows('lead', [first, serverLead(OTHER, { name: 'Kiran Rao' })]);
    expect(found('kiran')).toEqual([]);
    fresh!.finishResync('c3', AT);
    expect(found('kiran')).toEqual(['Kiran Rao']);
    expect(found('meera')).toEqual(['Meera Nair']);
  });

  it('indexes the leads of a download cut short when the file is opened again', () => {
    fresh!.beginResync();
    fresh!.applyBootstrapRows('lead', [meera()]);
    fresh!.close();
    fresh = null;
    fresh = open();
    expect(found('meera')).toEqual(['Meera Nair']);
    // The next download finds a filled cache and keeps the triggers.
    fresh.beginResync();
    fresh.applyBootstrapRows('lead', [serverLead(OTHER, { name: 'Kiran Rao' })]);
    expect(found('kiran')).toEqual(['Kiran Rao']);
  });
});
