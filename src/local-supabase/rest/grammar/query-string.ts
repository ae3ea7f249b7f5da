/** One `key=value` pair of a query string; `value` is null for a bare `key` (no `=`), which PostgREST ignores. */
export interface RawParam {
  key: string;
  value: string | null;
}

/** Decodes `+` as space and `%XX` escapes, keeping malformed escapes as they are instead of failing. */
export function decodeComponent(text: string): string {
  return text
    .replace(/\+/g, ' ')
    .replace(/(?:%[0-9a-fA-F]{2})+/g, (run) =>
      Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'),
    );
}

export function parseQueryString(search: string): RawParam[] {
  const text = search.startsWith('?') ? search.slice(1) : search;
  if (text === '') return [];
  return text
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq < 0) return { key: decodeComponent(part), value: null };
      return {
        key: decodeComponent(part.slice(0, eq)),
        value: decodeComponent(part.slice(eq + 1)),
      };
    });
}
