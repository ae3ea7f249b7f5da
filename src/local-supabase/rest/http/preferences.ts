import type { IncomingHttpHeaders } from 'node:http';

export interface Preferences {
  resolution?: 'merge-duplicates' | 'ignore-duplicates';
  return?: 'representation' | 'minimal' | 'headers-only';
  count?: 'exact' | 'planned' | 'estimated';
  missing?: 'default' | 'null';
  handling?: 'strict' | 'lenient';
  maxAffected?: number;
  timezone?: string;
  tx?: 'commit' | 'rollback';
  /** Preferences PostgREST does not know, refused under handling=strict. */
  invalid: string[];
}

const CHOICES = {
  resolution: ['merge-duplicates', 'ignore-duplicates'],
  return: ['representation', 'minimal', 'headers-only'],
  count: ['exact', 'planned', 'estimated'],
  missing: ['default', 'null'],
  handling: ['strict', 'lenient'],
  // Supabase runs PostgREST with db-tx-end=commit-allow-override, so clients may ask for a rollback.
  tx: ['commit', 'rollback'],
} as const;

/** The Prefer headers (several, comma separated); the first value of each kind wins, as in PostgREST. */
export function parsePreferences(headers: IncomingHttpHeaders): Preferences {
  const raw = headers.prefer;
  const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])
    .flatMap((header) => header.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
  const preferences: Preferences = { invalid: [] };
  for (const value of values) {
    const eq = value.indexOf('=');
    const name = eq < 0 ? value : value.slice(0, eq);
    const setting = eq < 0 ? '' : value.slice(eq + 1);
    if (name in CHOICES) {
      const key = name as keyof typeof CHOICES;
      if ((CHOICES[key] as readonly string[]).includes(setting)) {
        if (preferences[key] === undefined) Object.assign(preferences, { [key]: setting });
        continue;
      }
    } else if (name === 'max-affected') {
      if (/^\d+$/.test(setting)) preferences.maxAffected ??= Number(setting);
      continue;
    } else if (name === 'timezone') {
      preferences.timezone ??= setting;
      continue;
    }
    preferences.invalid.push(value);
  }
  return preferences;
}

/** The Preference-Applied header: the preferences that shaped this answer. */
export function appliedPreferences(
  preferences: Preferences,
  kinds: (keyof typeof CHOICES | 'max-affected')[],
): string {
  const applied: string[] = [];
  for (const kind of kinds) {
    if (kind === 'max-affected') {
      if (preferences.maxAffected !== undefined)
        applied.push(`max-affected=${preferences.maxAffected}`);
    } else {
      const setting = preferences[kind];
      if (setting !== undefined) applied.push(`${kind}=${setting}`);
    }
  }
  return applied.join(', ');
}
