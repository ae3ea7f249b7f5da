// URL.origin is "null" for custom schemes like talentg://, so compare scheme and host ourselves.

/** `scheme://host[:port]` of a URL, or null when it does not parse or has no host. */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.host === '') return null;
  return `${parsed.protocol}//${parsed.host}`.toLowerCase();
}

export function isSameOrigin(url: string, expectedOrigin: string): boolean {
  const actual = originOf(url);
  return actual !== null && actual === originOf(expectedOrigin);
}
