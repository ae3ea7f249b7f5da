// Spaces sends at a steady rate (Brevo's limit is per second for the account), and holds every send
// back while Brevo has asked to pause (a 429's Retry-After applies to the account, not to one email).

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Pacer {
  private nextAt = performance.now();
  private readonly intervalMs: number;

  constructor(ratePerSecond: number) {
    this.intervalMs = 1000 / ratePerSecond;
  }

  /** Milliseconds until the next send may start. */
  waitMs(): number {
    return Math.max(0, this.nextAt - performance.now());
  }

  /** Waits for the next send's turn and takes it. */
  async turn(): Promise<void> {
    const now = performance.now();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + this.intervalMs;
    if (at > now) await sleep(at - now);
  }

  /** No send starts for `seconds` from now. */
  pause(seconds: number): void {
    this.nextAt = Math.max(this.nextAt, performance.now() + seconds * 1000);
  }
}
