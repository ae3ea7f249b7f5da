/** A parse failure at a position; the parsers backtrack on it and the caller turns the last one into PGRST100. */
export class ParseFailure extends Error {
  constructor(
    readonly position: number,
    readonly unexpected: string,
    readonly expecting: readonly string[],
  ) {
    // Backtracking throws these by the dozen per request; a stack trace would cost more than the parse.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(`unexpected ${unexpected}`);
    Error.stackTraceLimit = limit;
    this.name = 'ParseFailure';
  }
}

/** A position in the text being parsed, with the small vocabulary PostgREST's grammar is written in. */
/** Deeper nesting than this is refused as a parse error rather than risking the stack. */
const MAX_NESTING = 64;

export class Cursor {
  pos = 0;
  private depth = 0;

  constructor(readonly text: string) {}

  get eof(): boolean {
    return this.pos >= this.text.length;
  }

  peek(length = 1): string {
    return this.text.slice(this.pos, this.pos + length);
  }

  lookingAt(prefix: string): boolean {
    return this.text.startsWith(prefix, this.pos);
  }

  /** Consumes `literal` when it is next; otherwise consumes nothing. */
  take(literal: string): boolean {
    if (!this.lookingAt(literal)) return false;
    this.pos += literal.length;
    return true;
  }

  expect(literal: string, label = `"${literal}"`): void {
    if (!this.take(literal)) this.fail([label]);
  }

  skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos += 1;
  }

  fail(expecting: readonly string[]): never {
    const unexpected = this.eof ? 'end of input' : JSON.stringify(this.peek());
    throw new ParseFailure(this.pos, unexpected, expecting);
  }

  /** Runs `parse`, restoring the position when it fails, so alternatives can be tried. */
  attempt<T>(parse: () => T): T | undefined {
    const start = this.pos;
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof ParseFailure)) throw error;
      this.pos = start;
      return undefined;
    }
  }

  /** Runs a parser for a nested level (an embed, a logic group), refusing absurd depth. */
  nested<T>(parse: () => T): T {
    if (this.depth >= MAX_NESTING) this.fail([`at most ${MAX_NESTING} nested levels`]);
    this.depth += 1;
    try {
      return parse();
    } finally {
      this.depth -= 1;
    }
  }

  expectEnd(): void {
    if (!this.eof) this.fail(['end of input']);
  }
}

/** PostgREST's parse error shape: the message names the parameter, the details say what was found. */
export function describeFailure(
  what: string,
  input: string,
  failure: ParseFailure,
): { message: string; details: string } {
  const expecting = [...new Set(failure.expecting)];
  const expectingText =
    expecting.length === 0
      ? ''
      : ` expecting ${expecting.length === 1 ? expecting[0] : `${expecting.slice(0, -1).join(', ')} or ${expecting.at(-1)}`}`;
  return {
    message: `"failed to parse ${what} (${input})" (line 1, column ${failure.position + 1})`,
    details: `unexpected ${failure.unexpected}${expectingText}`,
  };
}
