import { describe, expect, it } from 'vitest';
import { parseByteSize, parseTomlTables } from '../../src/local-supabase/project-config.js';

describe('config.toml reading', () => {
  it('reads tables, quoted table names, scalar keys and arrays of scalars over lines, skipping comments', () => {
    const tables = parseTomlTables(`
project_id = "talentg"
[api]
schemas = [
  "public", # a comment
  "graphql_public",
]
max_rows = 1000
extra_search_path = ["public", "ext#1", "it's"] # brackets [] in a comment
nested = [[1, 2], [
  3]]
[functions."send-sms"]
verify_jwt = false # webhooks sign their own requests
[functions.health]
verify_jwt = true
entrypoint = './functions/health/index.ts'
[storage]
file_size_limit = "50MiB"
`);
    expect(tables.get('')?.get('project_id')).toBe('talentg');
    expect(tables.get('api')?.get('max_rows')).toBe(1000);
    expect(tables.get('api')?.get('schemas')).toEqual(['public', 'graphql_public']);
    expect(tables.get('api')?.get('extra_search_path')).toEqual(['public', 'ext#1', "it's"]);
    expect(tables.get('api')?.has('nested')).toBe(false);
    expect(tables.get('functions.send-sms')?.get('verify_jwt')).toBe(false);
    expect(tables.get('functions.health')?.get('entrypoint')).toBe('./functions/health/index.ts');
    expect(tables.get('storage')?.get('file_size_limit')).toBe('50MiB');
  });

  it('reads sizes as the CLI (binary units) and storage-api (decimal units) write them', () => {
    expect(parseByteSize('50MiB')).toBe(50 * 1024 * 1024);
    expect(parseByteSize('5MB')).toBe(5_000_000);
    expect(parseByteSize('1.5KB')).toBe(1500);
    expect(parseByteSize('20B')).toBe(20);
    expect(parseByteSize(1024)).toBe(1024);
    expect(parseByteSize('lots')).toBeUndefined();
    expect(parseByteSize('5 parsecs')).toBeUndefined();
  });
});
