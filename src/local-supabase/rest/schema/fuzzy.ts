function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(
        Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** 1 for equal strings down to 0, as the fuzzy set behind PostgREST's "Perhaps you meant" hints scores them. */
export function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  if (longest === 0) return 1;
  return 1 - levenshtein(a.toLowerCase(), b.toLowerCase()) / longest;
}

/** The closest candidate scoring at least `minScore` (PostgREST uses 0.75 for table and function names). */
export function closestMatch(
  name: string,
  candidates: Iterable<string>,
  minScore = 0.75,
): string | undefined {
  let best: { candidate: string; score: number } | undefined;
  for (const candidate of candidates) {
    const score = similarity(name, candidate);
    if (score >= minScore && (!best || score > best.score)) best = { candidate, score };
  }
  return best?.candidate;
}
