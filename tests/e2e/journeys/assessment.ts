// Journey: tc1 takes an assigned assessment from start to score; the score shown is the one the
// server computed and kept.
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureSignedInAsTc1, type CurrentJourney } from '../support/journey.js';
import { eventually, uniqueNote } from '../support/workstation-page.js';

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
  score: number | string | null;
  passed: boolean | null;
}

export function describeAssessment(current: CurrentJourney): void {
  describe('an assessment taken end to end', () => {
    beforeAll(async () => {
      await ensureSignedInAsTc1(current());
    });

    async function submittedResponse(): Promise<ResponseRow | null> {
      const { world, tc1Id } = current();
      const { data, error } = await world.server.service
        .from('assessment_responses')
        .select('status, score, passed')
        .eq('assessment_id', READINESS_CHECK.id)
        .eq('user_id', tc1Id)
        .eq('status', 'submitted')
        .returns<ResponseRow[]>();
      if (error) throw new Error(error.message);
      return data[0] ?? null;
    }

    it('starts the readiness check, answers every question, submits, and shows the server’s score', async () => {
      const { app, page } = current();
      expect(await submittedResponse()).toBeNull();
      await app.showView('Assessments');
      const start = page.getByRole('button', { name: `Start ${READINESS_CHECK.title}` });
      await start.waitFor();
      await app.screenshots('assessments');
      await start.click();

      for (const answer of ANSWERS) {
        if (answer.text !== undefined) {
          await page.getByRole('textbox', { name: answer.prompt }).fill(answer.text);
          continue;
        }
        const question = page.getByRole('group', { name: answer.prompt });
        const role = answer.choose!.length > 1 ? 'checkbox' : 'radio';
        for (const label of answer.choose!) {
          await question.getByRole(role, { name: label }).check();
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
      const shown = new RegExp(
        `(${Math.round(score)}|${score.toFixed(1)}|${score.toFixed(2)})\\s*%`,
      );
      const result = page.getByRole('region', { name: 'Result' });
      await eventually(
        'the score on screen',
        () => result.innerText(),
        (text) => shown.test(text),
        10_000,
      );
      await result.scrollIntoViewIfNeeded();
      await app.screenshots('assessment-score');
      await app.showView('Queue');
    });
  });
}
