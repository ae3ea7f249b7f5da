// Assessment authoring for admins: the assessments on the left, the one being written on the right with
// its sections, pass mark and questions (the answer key in the options' points), and who takes it.
import { useEffect, useState } from 'react';
import { QUESTION_TYPES } from '../../../../src/domain/assessment-scoring';
import { useKey } from '../../app/keys';
import { AssigneesPanel } from './AssigneesPanel';
import { isDirty, useAuthoring } from './authoring-store';
import {
  addQuestion,
  addSection,
  problemUnder,
  problemsOf,
  removeSection,
  setPassMark,
  TYPE_LABELS,
  updateSection,
} from './draft';
import { QuestionCard } from './QuestionCard';
import { ResultsChart } from './ResultsChart';
import { TakerPreview } from './TakerPreview';
import './authoring.css';

const GROUP = 'Authoring';

function AssessmentList() {
  const summaries = useAuthoring((state) => state.summaries);
  const listError = useAuthoring((state) => state.listError);
  const openId = useAuthoring((state) => state.draft?.id ?? null);
  return (
    <aside className="au-list" aria-label="Assessments to author">
      <div className="au-list-head">
        <h2 className="au-heading">Assessments</h2>
        <button
          type="button"
          className="button button-small"
          aria-keyshortcuts="N"
          onClick={() => useAuthoring.getState().create()}
        >
          New
        </button>
      </div>
      {listError !== null && (
        <p className="au-problem" role="alert">
          {listError.message}
        </p>
      )}
      <ul className="au-list-items">
        {(summaries ?? []).map((summary) => (
          <li key={summary.id}>
            <button
              type="button"
              className="au-list-item"
              aria-current={summary.id === openId ? 'true' : undefined}
              data-assessment-id={summary.id}
              onClick={() => void useAuthoring.getState().open(summary.id)}
            >
              <span className="au-list-title">
                {summary.title}
                {!summary.is_active && <span className="au-badge">Retired</span>}
              </span>
              <span className="au-list-meta">
                <span>
                  {summary.questions} {summary.questions === 1 ? 'question' : 'questions'}
                </span>
                {' · '}
                <span>pass {summary.pass_mark ?? '—'}%</span>
                {' · '}
                <span>{summary.assigned} to do</span>
                {' · '}
                <span>{summary.completed} done</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
      {summaries !== null && summaries.length === 0 && (
        <p className="au-muted au-list-empty">No assessments yet. New starts one.</p>
      )}
    </aside>
  );
}

function ScoringRules() {
  const draft = useAuthoring((state) => state.draft);
  const edit = useAuthoring((state) => state.edit);
  if (draft === null) return null;
  const { sections, pass_mark } = draft.definition.scoring_rules;
  return (
    <fieldset className="au-rules">
      <legend className="au-heading">Scoring</legend>
      <div className="au-sections">
        {sections.map((section, index) => (
          <div key={section.id} className="au-section">
            <label className="au-field au-field-grow">
              <span className="au-label">Section {index + 1}</span>
              <input
                className="input au-input"
                value={section.title}
                onChange={(event) =>
                  edit((d) => updateSection(d, index, { title: event.target.value }))
                }
              />
            </label>
            <label className="au-field au-weight">
              <span className="au-label">Weight</span>
              <input
                className="input au-input au-number"
                type="number"
                min={0}
                step={1}
                value={section.weight}
                onChange={(event) => {
                  const weight = Number(event.target.value);
                  if (Number.isFinite(weight) && weight >= 0)
                    edit((d) => updateSection(d, index, { weight }));
                }}
              />
            </label>
            <button
              type="button"
              className="button button-quiet button-small"
              aria-label={`Remove section ${section.title || index + 1}`}
              disabled={sections.length === 1}
              onClick={() => edit((d) => removeSection(d, index))}
            >
              ×
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button button-quiet button-small"
          onClick={() => edit(addSection)}
        >
          + Add a section
        </button>
      </div>
      <label className="au-field au-pass-mark">
        <span className="au-label">Pass mark</span>
        <span className="au-with-unit">
          <input
            className="input au-input au-number"
            type="number"
            min={0}
            max={100}
            value={pass_mark}
            onChange={(event) => {
              const mark = Number(event.target.value);
              if (Number.isFinite(mark)) edit((d) => setPassMark(d, mark));
            }}
          />
          <span className="au-unit">%</span>
        </span>
      </label>
    </fieldset>
  );
}

function Editor() {
  const draft = useAuthoring((state) => state.draft);
  const saved = useAuthoring((state) => state.saved);
  const submitted = useAuthoring((state) => state.submitted);
  const busy = useAuthoring((state) => state.busy);
  const error = useAuthoring((state) => state.error);
  const notice = useAuthoring((state) => state.notice);
  const edit = useAuthoring((state) => state.edit);
  const touched = useAuthoring((state) => state.touched);
  const [tab, setTab] = useState<'questions' | 'preview' | 'people'>('questions');

  if (draft === null) {
    return (
      <section className="au-editor au-editor-empty" aria-label="Assessment editor">
        <p className="au-empty-title">Pick an assessment, or start a new one</p>
        <p className="au-muted">
          Questions carry their answer key in the options’ points. Takers never see the points: the
          server scores each submission.
        </p>
      </section>
    );
  }

  const allProblems = problemsOf(draft);
  const problems = touched ? allProblems : new Map<string, string>();
  const dirty = isDirty(draft, saved);
  const titleProblem = problems.get('title') ?? null;
  const questionsProblem = problems.get('definition.questions') ?? null;
  const rulesProblem = problemUnder(problems, 'definition.scoring_rules');

  return (
    <section
      className="au-editor"
      aria-label="Assessment editor"
      data-assessment-id={draft.id ?? 'new'}
    >
      <header className="au-editor-head">
        <label className="au-field au-field-grow">
          <span className="visually-hidden">Title</span>
          <input
            className="input au-input au-title"
            placeholder="Title"
            value={draft.title}
            aria-invalid={titleProblem !== null || undefined}
            onChange={(event) => edit((d) => ({ ...d, title: event.target.value }))}
          />
        </label>
        <label className="au-check">
          <input
            type="checkbox"
            checked={draft.is_active}
            onChange={(event) => edit((d) => ({ ...d, is_active: event.target.checked }))}
          />
          Active
        </label>
        <span className="au-save-state" role="status">
          {busy ? 'Saving…' : dirty ? 'Unsaved changes' : (notice ?? '')}
        </span>
        <button
          type="button"
          className="button button-primary"
          aria-keyshortcuts="Control+S"
          disabled={busy || !dirty || allProblems.size > 0}
          title={allProblems.size > 0 ? 'Fix the problems marked below first' : 'Save (Ctrl S)'}
          onClick={() => void useAuthoring.getState().save()}
        >
          Save
        </button>
      </header>
      <label className="au-field">
        <span className="visually-hidden">Description</span>
        <textarea
          className="input au-input au-description"
          rows={2}
          placeholder="What it checks, for whom (takers see this)"
          value={draft.description}
          onChange={(event) => edit((d) => ({ ...d, description: event.target.value }))}
        />
      </label>
      {error !== null && (
        <p className="au-problem" role="alert">
          {error.message}
        </p>
      )}
      {titleProblem !== null && <p className="au-problem">{titleProblem}</p>}
      {submitted > 0 && (
        <p className="au-note">
          {submitted} {submitted === 1 ? 'person has' : 'people have'} taken this; their scores stay
          as they were when they submitted.
        </p>
      )}

      <div className="au-tabs" role="tablist" aria-label="Assessment parts">
        <button
          type="button"
          role="tab"
          className="au-tab"
          aria-selected={tab === 'questions'}
          onClick={() => setTab('questions')}
        >
          Questions <span className="au-tab-count">{draft.definition.questions.length}</span>
        </button>
        <button
          type="button"
          role="tab"
          className="au-tab"
          aria-selected={tab === 'preview'}
          onClick={() => setTab('preview')}
        >
          Preview
        </button>
        <button
          type="button"
          role="tab"
          className="au-tab"
          aria-selected={tab === 'people'}
          disabled={draft.id === null}
          title={draft.id === null ? 'Save it first' : undefined}
          onClick={() => setTab('people')}
        >
          People and results
        </button>
      </div>

      <div className="au-body">
        {tab === 'questions' ? (
          <>
            <ScoringRules />
            {rulesProblem !== null && <p className="au-problem">{rulesProblem}</p>}
            <ol className="au-questions" aria-label="Questions">
              {draft.definition.questions.map((question, index) => (
                <QuestionCard
                  key={question.id}
                  definition={draft.definition}
                  index={index}
                  problems={problems}
                />
              ))}
            </ol>
            {questionsProblem !== null && <p className="au-problem">{questionsProblem}</p>}
            <div className="au-add" role="group" aria-label="Add a question">
              <span className="au-label">Add a question</span>
              {QUESTION_TYPES.map((type) => (
                <button
                  key={type}
                  type="button"
                  className="button button-small"
                  onClick={() => edit((d) => addQuestion(d, type))}
                >
                  {TYPE_LABELS[type]}
                </button>
              ))}
            </div>
          </>
        ) : tab === 'preview' ? (
          <TakerPreview
            title={draft.title}
            description={draft.description}
            definition={draft.definition}
          />
        ) : (
          <>
            <ResultsChart passMark={draft.definition.scoring_rules.pass_mark} />
            <AssigneesPanel />
          </>
        )}
      </div>
    </section>
  );
}

export default function AuthoringView() {
  useEffect(() => {
    void useAuthoring.getState().load();
  }, []);
  useKey({ key: 'n', description: 'New assessment', group: GROUP }, () =>
    useAuthoring.getState().create(),
  );
  useKey(
    { key: 's', mod: true, description: 'Save the assessment', group: GROUP, inInputs: true },
    () => void useAuthoring.getState().save(),
  );
  // Keyed by the assessment: another one opens on its questions, with nothing of the last one's tab.
  const openId = useAuthoring((state) => state.draft?.id ?? 'new');
  return (
    <div className="au-view">
      <AssessmentList />
      <Editor key={openId} />
    </div>
  );
}
