// One assessment being taken: its questions by section, each answered in the way its type asks, then
// the server's score, section by section, and whether it passed.
import { useEffect, useRef } from 'react';
import type { z } from 'zod';
import type { takerQuestionSchema } from '../../../../src/contract/operations/assessments';
import { useKey } from '../../app/keys';
import { useAssessments, type Answer, type AssessmentResult, type Run } from './assessments-store';
import { ServerNeeded } from './ServerNeeded';

type Question = z.infer<typeof takerQuestionSchema>;

function isAnswered(answer: Answer | undefined): boolean {
  if (answer === undefined) return false;
  return typeof answer === 'string' ? answer.trim() !== '' : answer.length > 0;
}

function QuestionField({
  question,
  number,
  answer,
  locked,
}: {
  readonly question: Question;
  readonly number: number;
  readonly answer: Answer | undefined;
  readonly locked: boolean;
}) {
  const set = (value: Answer): void => useAssessments.getState().answer(question.id, value);
  const name = `as-q-${question.id}`;
  const prompt = (
    <>
      <span className="as-q-number">{number}.</span> {question.prompt}
      {question.required ? (
        <span className="as-required" title="Required">
          {' '}
          *<span className="visually-hidden"> required</span>
        </span>
      ) : null}
    </>
  );

  if (question.type === 'text') {
    return (
      <div className="as-question" data-question-id={question.id}>
        <label className="as-q-prompt" htmlFor={name}>
          {prompt}
        </label>
        <textarea
          id={name}
          className="as-text"
          rows={3}
          readOnly={locked}
          required={question.required}
          value={typeof answer === 'string' ? answer : ''}
          onChange={(event) => set(event.target.value)}
        />
        <span className="as-faint as-hint">Read by a person; not scored automatically.</span>
      </div>
    );
  }

  const multi = question.type === 'multi_choice';
  const chosen = new Set(typeof answer === 'string' ? [answer] : (answer ?? []));
  return (
    <fieldset className="as-question" data-question-id={question.id} disabled={locked}>
      <legend className="as-q-prompt">{prompt}</legend>
      {multi ? <span className="as-faint as-hint">Pick all that apply.</span> : null}
      <div className={question.type === 'rating' ? 'as-options as-rating' : 'as-options'}>
        {question.options.map((option) => (
          <label
            key={option.id}
            className={chosen.has(option.id) ? 'as-option is-chosen' : 'as-option'}
          >
            <input
              type={multi ? 'checkbox' : 'radio'}
              name={name}
              value={option.id}
              checked={chosen.has(option.id)}
              onChange={(event) => {
                if (!multi) {
                  set(option.id);
                  return;
                }
                const next = new Set(chosen);
                if (event.target.checked) next.add(option.id);
                else next.delete(option.id);
                set(question.options.map((o) => o.id).filter((id) => next.has(id)));
              }}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function ResultPanel({
  result,
  sections,
}: {
  readonly result: AssessmentResult;
  readonly sections: readonly { readonly id: string; readonly title: string }[];
}) {
  const titles = new Map(sections.map((section) => [section.id, section.title]));
  return (
    <section
      className={result.passed ? 'as-result is-passed' : 'as-result is-failed'}
      aria-label="Result"
      data-passed={result.passed}
    >
      <div className="as-result-head">
        <span className="as-result-score">
          {result.score === null ? '—' : `${Math.round(result.score)}%`}
        </span>
        <span className="as-result-verdict">{result.passed ? 'Passed' : 'Not passed'}</span>
      </div>
      {result.score === null ? (
        <p className="as-faint">
          Nothing here is scored automatically; a person reviews the answers.
        </p>
      ) : null}
      <ul className="as-sections">
        {Object.entries(result.section_scores).map(([id, score]) => (
          <li key={id} className="as-section-score">
            <span className="as-section-name">{titles.get(id) ?? id}</span>
            <span className="as-bar" aria-hidden="true">
              <span className="as-bar-fill" style={{ width: `${score ?? 0}%` }} />
            </span>
            <span className="as-section-value">
              {score === null ? 'reviewed by a person' : `${Math.round(score)}%`}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function AssessmentRun({
  run,
  leadName,
}: {
  readonly run: Run;
  readonly leadName: string | null;
}) {
  const submitting = useAssessments((s) => s.submitting);
  const actionError = useAssessments((s) => s.actionError);
  const { assessment } = run.started;
  const locked = run.result !== null;
  const scrollRef = useRef<HTMLDivElement>(null);

  // The score is the answer the person waited for: show it, not the last question.
  useEffect(() => {
    if (locked) scrollRef.current?.scrollTo({ top: 0 });
  }, [locked]);
  const missing = assessment.questions.filter((q) => q.required && !isAnswered(run.answers[q.id]));
  const answered = assessment.questions.filter((q) => isAnswered(run.answers[q.id])).length;

  useKey(
    {
      key: 'Enter',
      mod: true,
      description: 'Submit the assessment',
      group: 'Assessments',
      inInputs: true,
    },
    () => void useAssessments.getState().submit(),
    !locked && missing.length === 0,
  );
  useKey(
    { key: 'Escape', description: 'Back to the assessments', group: 'Assessments' },
    () => useAssessments.getState().close(),
    locked,
  );

  // Numbered in the order shown: by section, then as authored.
  const numbers = new Map(
    assessment.sections
      .flatMap((section) => assessment.questions.filter((q) => q.section === section.id))
      .map((question, index) => [question.id, index + 1]),
  );
  return (
    <section
      className="as-view"
      aria-label={assessment.title}
      data-response-id={run.started.response_id}
    >
      <header className="as-header">
        <div>
          <h2 className="as-title">{assessment.title}</h2>
          <p className="as-faint as-run-sub">
            {leadName !== null ? `With ${leadName} · ` : ''}
            {run.result === null
              ? `${answered} of ${assessment.questions.length} answered`
              : `Submitted · ${run.result.score === null ? 'to be reviewed' : `${Math.round(run.result.score)}%`} · ${run.result.passed ? 'passed' : 'not passed'}`}
          </p>
        </div>
        <button type="button" className="button" onClick={() => useAssessments.getState().close()}>
          {locked ? 'Back to the list' : 'Leave'}
        </button>
      </header>
      <div className="as-run" ref={scrollRef}>
        {run.result !== null ? (
          <ResultPanel result={run.result} sections={assessment.sections} />
        ) : null}
        {assessment.description !== '' ? (
          <p className="as-description">{assessment.description}</p>
        ) : null}
        {assessment.sections.map((section) => {
          const questions = assessment.questions.filter((q) => q.section === section.id);
          if (questions.length === 0) return null;
          return (
            <section key={section.id} className="as-section" aria-label={section.title}>
              <h3 className="as-section-title">{section.title}</h3>
              {questions.map((question) => (
                <QuestionField
                  key={question.id}
                  question={question}
                  number={numbers.get(question.id) ?? 0}
                  answer={run.answers[question.id]}
                  locked={locked}
                />
              ))}
            </section>
          );
        })}
      </div>
      {!locked ? (
        <footer className="as-submit">
          {actionError !== null ? <ServerNeeded error={actionError} /> : null}
          <span className="as-faint">
            {missing.length > 0
              ? `${missing.length} required question${missing.length === 1 ? '' : 's'} left`
              : 'Ready to submit'}
          </span>
          <button
            type="button"
            className="button button-primary"
            disabled={missing.length > 0 || submitting}
            aria-label="Submit"
            aria-keyshortcuts="Control+Enter"
            onClick={() => void useAssessments.getState().submit()}
          >
            {submitting ? 'Submitting…' : 'Submit'}
            <kbd className="as-kbd">Ctrl+Enter</kbd>
          </button>
        </footer>
      ) : null}
    </section>
  );
}
