// Journey: a telecaller takes an assigned assessment from start to score; the score shown is the one
// the server computed and kept.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from './support/server-side.js';
import { startWorld, type World } from './support/world.js';
import {
  eventually,
  screenshotFailures,
  uniqueNote,
  WorkstationPage,
} from './support/workstation-page.js';

const TC1 = 'tc1@talentg.test';
/** Assigned to tc1 in the demo seed and not started there. */
const READINESS_CHECK = {
  id: '00000000-0000-4000-8000-00000000a001',
  title: 'Telecaller Readiness Check',
} as const;

/** The seed's questions by prompt, and the answer this journey gives (option labels, or text). */
const ANSWERS: readonly { prompt: RegExp; choose?: readonly string[]; text?: string }[] = [
  {
    prompt: /lead answers and says they are busy/,
    choose: ['Ask for a convenient time and log a callback'],
  },
  {
    prompt: /How should a call open/,
    choose: ['Greet, give your name and TalentG, and confirm who you are speaking to'],
  },
  { prompt: /missed their interview/, text: uniqueNote('assessment answer') },
  { prompt: /placement programme include/, choose: ['Mock interviews', 'Resume review'] },
  { prompt: /never call me again/, choose: ['DNC - Do not call'] },
  { prompt: /time zone is Asia\/Kolkata/, choose: ['Between 09:00 and 21:00 their local time'] },
];

interface ResponseRow {
  status: string;
  score: number | null;
  passed: boolean | null;
}

describe('an assessment taken end to end', () => {
  let world: World;
  let page: Page;
  let app: WorkstationPage;

  beforeAll(async () => {
    world = await startWorld();
    page = await world.openApp();
    app = new WorkstationPage(page);
    await app.signInAndWaitForQueue(TC1, DEMO_PASSWORD);
  });

  screenshotFailures(() => page);

  afterAll(async () => {
    await world?.close();
  });

  async function submittedResponse(): Promise<ResponseRow | null> {
    const { data, error } = await world.server.service
      .from('assessment_responses')
      .select('status, score, passed')
      .eq('assessment_id', READINESS_CHECK.id)
      .eq('user_id', await world.server.userId(TC1))
      .eq('status', 'submitted')
      .returns<ResponseRow[]>();
    if (error) throw new Error(error.message);
    return data[0] ?? null;
  }

  it('starts the readiness check, answers every question, submits, and shows the server’s score', async () => {
    expect(await submittedResponse()).toBeNull();
    await app.showView('Assessments');
    await page.getByText(READINESS_CHECK.title).first().waitFor();
    await app.screenshots('assessments');
    await page
      .getByRole('listitem')
      .filter({ hasText: READINESS_CHECK.title })
      .getByRole('button', { name: /^(Start|Take|Begin)/ })
      .click();

    for (const answer of ANSWERS) {
      const question = page.getByRole('group', { name: answer.prompt });
      await question.first().waitFor();
      if (answer.text !== undefined) {
        await question.getByRole('textbox').fill(answer.text);
        continue;
      }
      for (const label of answer.choose ?? []) {
        await question
          .getByRole(answer.choose!.length > 1 ? 'checkbox' : 'radio', { name: label })
          .check();
      }
    }
    await app.screenshots('assessment-answered');
    await page.getByRole('button', { name: /^Submit/ }).click();

    const response = await eventually(
      'the submitted response on the server',
      submittedResponse,
      (row) => row !== null,
      20_000,
    );
    expect(response!.score).not.toBeNull();
    const score = Number(response!.score);
    // The score as a person reads it: whole percent, or with its decimals.
    const shown = new RegExp(`(${Math.round(score)}|${score.toFixed(1)}|${score.toFixed(2)})\\s*%`);
    await eventually(
      'the score on screen',
      () => page.locator('body').innerText(),
      (text) => shown.test(text),
      10_000,
    );
    await app.screenshots('assessment-score');
  });
});
