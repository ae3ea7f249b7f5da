// Vitest orders files by their last run's duration, slowest first, but only from its cache: a fresh
// clone (CI) has none and orders by file size, which can leave a 90 s file to start last and run alone
// on one core at the end. These files are known to be the slowest; they start first either way.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The slowest files, slowest first (seconds on 2 cores, session 8): keep in step with the suite. */
const SLOWEST = [
  'tests/e2e/journeys.test.ts', // 110-130: every journey in a real Chromium, one after another
  'tests/reliability/crash.test.ts', // 40-65: twenty SIGKILLs of a syncing core
  'tests/integration/workstation-cli.test.ts', // 74: a talentg process per step
  'tests/integration/pglite-template.test.ts', // 39: builds PGlite templates
  'tests/integration/cli-stack.test.ts', // 36
  'tests/integration/realtime/statement-capture.test.ts', // 25
  'tests/integration/functions/deno-check.test.ts', // 22
  'tests/integration/functions/email-queue-faults.test.ts', // 22
  'tests/integration/sync/retention.test.ts', // 19
  'src/workstation/cache/sigkill.test.ts', // 18
];

function rank(spec: TestSpecification): number {
  const at = SLOWEST.findIndex((file) => spec.moduleId.endsWith(file));
  return at < 0 ? SLOWEST.length : at;
}

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Across projects (they share the 2 workers): the known slowest first, then the base order (a stable sort).
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
