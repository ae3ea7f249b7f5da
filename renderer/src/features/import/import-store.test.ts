// The import screen's steps against a fake core: a file is read and its columns guessed, the check is a
// dry run whose report holds the lines refused here and by the server, a cancel mid-way discards the
// server's import and ignores its late answers, and apply writes.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  answers,
  calls,
  installFakeCore,
  ok,
  refused,
  resetFakeCore,
  settle,
} from '../../app/fake-core.test-support';
import { useImport } from './import-store';

const IMPORT_ID = '00000000-0000-4000-8000-0000000000a1';
const CSV = [
  'Full Name,Mobile,Lead Source',
  'Asha Rao,98450 12345,expo',
  'Bad Phone,12345,expo',
  'Ravi Kumar,9845012346,web',
  'Asha Again,9845012345,web',
].join('\n');

const serverReport = (dryRun: boolean) => ({
  inserted: 2,
  merged: 0,
  unchanged: 0,
  duplicate_in_file: 1,
  dnc: 0,
  invalid: 0,
  refused: [{ line: 5, kind: 'duplicate_in_file', reason: 'the same phone as line 2' }],
  dry_run: dryRun,
});

const opsCalled = () => calls.map((call) => call.op);

beforeAll(installFakeCore);

beforeEach(() => {
  resetFakeCore();
  useImport.getState().reset();
  useImport.setState({ country: 'IN' });
  answers.set('manager:import-begin', () => ok({ import_id: IMPORT_ID }));
  answers.set('manager:import-stage', (args) =>
    ok({ staged: (args as { rows: unknown[] }).rows.length }),
  );
  answers.set('manager:import-apply', (args) =>
    ok(serverReport((args as { dry_run: boolean }).dry_run)),
  );
  answers.set('manager:import-discard', () => ok({ discarded: true }));
});

async function chosen(text = CSV): Promise<void> {
  await useImport.getState().chooseFile(new File([text], 'leads.csv', { type: 'text/csv' }));
}

describe('the import store', () => {
  it('reads the file and guesses its columns', async () => {
    await chosen();
    const state = useImport.getState();
    expect(state.step).toBe('mapping');
    expect(state.mapping).toEqual({ name: 'Full Name', phone: 'Mobile', source: 'Lead Source' });
    expect(state.file?.dataRows).toBe(4);
  });

  it('refuses a file that is not UTF-8 with its code, before any server call', async () => {
    await useImport
      .getState()
      .chooseFile(new File([new Uint8Array([0xff, 0xfe, 0x41, 0x00])], 'excel.csv'));
    expect(useImport.getState()).toMatchObject({
      step: 'choose',
      problem: { code: 'IMPORT_ENCODING' },
    });
    expect(calls).toEqual([]);
  });

  it('checks with a dry run and reports the lines refused here and by the server', async () => {
    await chosen();
    await useImport.getState().check();
    const state = useImport.getState();
    expect(state.step).toBe('checked');
    expect(opsCalled()).toEqual([
      'manager:import-begin',
      'manager:import-stage',
      'manager:import-apply',
    ]);
    expect(calls[2]?.args).toEqual({ import_id: IMPORT_ID, dry_run: true });
    expect(state.report).toMatchObject({ inserted: 2, invalid: 1, duplicate_in_file: 1, rows: 4 });
    expect(state.report?.refused.map((refusal) => [refusal.line, refusal.kind])).toEqual([
      [3, 'invalid'],
      [5, 'duplicate_in_file'],
    ]);
  });

  it('applies after the check and says so', async () => {
    await chosen();
    await useImport.getState().check();
    expect(await useImport.getState().apply()).toBe(true);
    expect(calls.at(-1)).toEqual({
      op: 'manager:import-apply',
      args: { import_id: IMPORT_ID, dry_run: false },
    });
    expect(useImport.getState()).toMatchObject({ step: 'applied', report: { dry_run: false } });
  });

  it('asks again when the bridge gave up on a long apply, and shows the server’s report', async () => {
    await chosen();
    await useImport.getState().check();
    let asked = 0;
    answers.set('manager:import-apply', () =>
      (asked += 1) === 1
        ? refused('CORE_UNREACHABLE', 'the workstation did not answer within 30 s')
        : ok(serverReport(false)),
    );
    expect(await useImport.getState().apply()).toBe(true);
    expect(asked).toBe(2);
    expect(opsCalled()).not.toContain('manager:import-discard');
    expect(useImport.getState()).toMatchObject({ step: 'applied', problem: null });
  });

  it('makes a changed mapping check again before it can apply', async () => {
    await chosen();
    await useImport.getState().check();
    useImport.getState().setColumn('Lead Source', null);
    expect(useImport.getState()).toMatchObject({ step: 'mapping', report: null });
    expect(await useImport.getState().apply()).toBe(false);
    await useImport.getState().check();
    const staged = calls.filter((call) => call.op === 'manager:import-stage').at(-1)?.args as {
      rows: { source: string | null }[];
    };
    expect(staged.rows.map((row) => row.source)).toEqual([null, null, null]);
  });

  it('cancelled while staging, discards the server’s import and ignores its late answer', async () => {
    await chosen();
    let release: () => void = () => undefined;
    answers.set(
      'manager:import-stage',
      () => new Promise((resolve) => (release = () => resolve(ok({ staged: 3 })))),
    );
    const checking = useImport.getState().check();
    await settle();
    expect(useImport.getState().step).toBe('checking');
    useImport.getState().cancel();
    expect(useImport.getState().step).toBe('mapping');
    release();
    await checking;
    expect(opsCalled()).toContain('manager:import-discard');
    expect(opsCalled()).not.toContain('manager:import-apply');
    expect(useImport.getState()).toMatchObject({ step: 'mapping', report: null, problem: null });
  });

  it('waits for the name and phone columns before checking', async () => {
    await chosen('Who,Number\nAsha,9845012345\n');
    expect(useImport.getState().mapping).toEqual({});
    await useImport.getState().check();
    expect(calls).toEqual([]);
    useImport.getState().setColumn('Who', 'name');
    useImport.getState().setColumn('Number', 'phone');
    await useImport.getState().check();
    expect(useImport.getState().step).toBe('checked');
  });
});
