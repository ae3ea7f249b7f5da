#!/usr/bin/env node
// `npm test`: lint and typecheck beside every vitest test (unit, integration, db) with one PostgreSQL 15
// cluster for the run (vitest's global setup), then one `N passed, N failed[, N skipped]` line for CI.
// Extra arguments go to vitest: `npm test -- tests/unit`.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => path.join(repoRoot, 'node_modules', '.bin', name);

/** Runs a command; with `buffer`, its output is held and returned so parallel checks don't interleave. */
function run(command, args, { buffer = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: repoRoot,
      stdio: buffer ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.once('error', (error) => resolve({ code: -1, output: `${output}\n${error.message}` }));
    child.once('close', (code, signal) => resolve({ code: code ?? `signal ${signal}`, output }));
  });
}

const checks = [
  { name: 'lint', command: bin('eslint'), args: ['.'] },
  { name: 'typecheck', command: bin('tsc'), args: ['-p', 'tsconfig.node.json', '--noEmit'] },
  { name: 'typecheck (web)', command: bin('tsc'), args: ['-p', 'tsconfig.web.json', '--noEmit'] },
];

/** Test counts from vitest's JSON report; a file that failed outside its tests counts as failures too. */
function countTests(report) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const file of report.testResults ?? []) {
    const statuses = (file.assertionResults ?? []).map((test) => test.status);
    const passed = statuses.filter((status) => status === 'passed').length;
    const failed = statuses.filter((status) => status === 'failed').length;
    const notRun = statuses.length - passed - failed;
    counts.passed += passed;
    counts.failed += failed;
    if (file.status === 'failed') {
      // A failing beforeAll or import leaves the file's tests unrun: they did not pass, so they count as failed.
      counts.failed += notRun + (failed === 0 && notRun === 0 ? 1 : 0);
    } else {
      counts.skipped += notRun;
    }
  }
  return counts;
}

async function runVitest(extraArgs) {
  const reportDir = await mkdtemp(path.join(tmpdir(), 'talentg-vitest-'));
  const reportFile = path.join(reportDir, 'report.json');
  try {
    const { code } = await run(bin('vitest'), [
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${reportFile}`,
      ...extraArgs,
    ]);
    let counts;
    try {
      counts = countTests(JSON.parse(await readFile(reportFile, 'utf8')));
    } catch (error) {
      console.error(
        `vitest left no readable report (${error.message}); counting the run as one failure`,
      );
      return { passed: 0, failed: 1, skipped: 0 };
    }
    // Unhandled errors fail the run without failing a test; don't let that pass as green.
    if (code !== 0 && counts.failed === 0) {
      console.error(
        `vitest exited with code ${code} although no test failed; counting one failure`,
      );
      counts.failed = 1;
    }
    return counts;
  } finally {
    await rm(reportDir, { recursive: true, force: true });
  }
}

// The checks run beside vitest (their output held until it ends): vitest's first half-minute is its
// global setup (a PostgreSQL cluster, the migrated template, the renderer's build), which leaves a core.
const checking = Promise.all(
  checks.map(async (check) => ({
    ...check,
    ...(await run(check.command, check.args, { buffer: true })),
  })),
);
const tests = await runVitest(process.argv.slice(2));
const checkResults = await checking;
for (const result of checkResults) {
  console.log(
    `\n=== ${result.name}: ${result.code === 0 ? 'passed' : `FAILED (exit ${result.code})`}`,
  );
  if (result.output.trim()) console.log(result.output.trimEnd());
}

const failedChecks = checkResults
  .filter((result) => result.code !== 0)
  .map((result) => result.name);
const passed = tests.passed + checkResults.length - failedChecks.length;
const failed = tests.failed + failedChecks.length;
console.log('');
console.log(
  `checks: ${checkResults.length - failedChecks.length} of ${checkResults.length} passed` +
    (failedChecks.length > 0 ? ` (failed: ${failedChecks.join(', ')})` : ''),
);
console.log(`vitest: ${tests.passed} passed, ${tests.failed} failed, ${tests.skipped} skipped`);
console.log(
  `${passed} passed, ${failed} failed${tests.skipped > 0 ? `, ${tests.skipped} skipped` : ''}`,
);
process.exitCode = failed > 0 ? 1 : 0;
