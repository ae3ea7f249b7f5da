const UNIT_SECONDS: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  μs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};

/**
 * Seconds in a Go duration string ("24h", "1h30m", "876000h"), the format GoTrue's ban_duration takes.
 * Throws with Go's time.ParseDuration wording on anything else.
 */
export function parseGoDuration(text: string): number {
  const quoted = JSON.stringify(text);
  if (text === '0' || text === '+0' || text === '-0') return 0;
  const match = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)[a-zµμ]+)+$/.exec(text);
  if (!match) {
    if (/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text))
      throw new Error(`time: missing unit in duration ${quoted}`);
    throw new Error(`time: invalid duration ${quoted}`);
  }
  let seconds = 0;
  for (const part of text
    .slice(match[1]?.length ?? 0)
    .matchAll(/(\d+(?:\.\d*)?|\.\d+)([a-zµμ]+)/g)) {
    const unit = UNIT_SECONDS[part[2] ?? ''];
    if (unit === undefined)
      throw new Error(`time: unknown unit ${JSON.stringify(part[2])} in duration ${quoted}`);
    seconds += Number(part[1]) * unit;
  }
  return match[1] === '-' ? -seconds : seconds;
}
