// One question in the editor: its prompt, type, section and options with their points (the answer key).
import type { AssessmentDefinition, QuestionType } from '../../../../src/domain/assessment-scoring';
import { QUESTION_TYPES } from '../../../../src/domain/assessment-scoring';
import { useAuthoring } from './authoring-store';
import {
  addOption,
  moveQuestion,
  possiblePoints,
  problemUnder,
  removeOption,
  removeQuestion,
  TYPE_LABELS,
  updateOption,
  updateQuestion,
} from './draft';

interface QuestionCardProps {
  readonly definition: AssessmentDefinition;
  readonly index: number;
  readonly problems: ReadonlyMap<string, string>;
}

export function QuestionCard({ definition, index, problems }: QuestionCardProps) {
  const edit = useAuthoring((state) => state.edit);
  const question = definition.questions[index];
  if (question === undefined) return null;
  const number = index + 1;
  const problem = problemUnder(problems, `definition.questions.${index}`);
  const last = definition.questions.length - 1;

  return (
    <li className="au-question" data-question-id={question.id} aria-label={`Question ${number}`}>
      <div className="au-question-head">
        <span className="au-question-number">{number}</span>
        <label className="au-field au-field-grow">
          <span className="visually-hidden">Question {number} prompt</span>
          <textarea
            className="input au-input au-prompt"
            rows={2}
            placeholder="What do you want to ask?"
            value={question.prompt}
            onChange={(event) =>
              edit((d) => updateQuestion(d, index, { prompt: event.target.value }))
            }
          />
        </label>
        <div className="au-question-tools">
          <button
            type="button"
            className="button button-quiet button-small"
            aria-label={`Move question ${number} up`}
            disabled={index === 0}
            onClick={() => edit((d) => moveQuestion(d, index, -1))}
          >
            ↑
          </button>
          <button
            type="button"
            className="button button-quiet button-small"
            aria-label={`Move question ${number} down`}
            disabled={index === last}
            onClick={() => edit((d) => moveQuestion(d, index, 1))}
          >
            ↓
          </button>
          <button
            type="button"
            className="button button-quiet button-small au-danger"
            aria-label={`Remove question ${number}`}
            onClick={() => edit((d) => removeQuestion(d, index))}
          >
            Remove
          </button>
        </div>
      </div>

      <div className="au-question-meta">
        <label className="au-field">
          <span className="au-label">Type</span>
          <select
            className="input au-input"
            value={question.type}
            onChange={(event) =>
              edit((d) => updateQuestion(d, index, { type: event.target.value as QuestionType }))
            }
          >
            {QUESTION_TYPES.map((type) => (
              <option key={type} value={type}>
                {TYPE_LABELS[type]}
              </option>
            ))}
          </select>
        </label>
        <label className="au-field">
          <span className="au-label">Section</span>
          <select
            className="input au-input"
            value={question.section}
            onChange={(event) =>
              edit((d) => updateQuestion(d, index, { section: event.target.value }))
            }
          >
            {definition.scoring_rules.sections.map((section) => (
              <option key={section.id} value={section.id}>
                {section.title || section.id}
              </option>
            ))}
          </select>
        </label>
        <label className="au-check">
          <input
            type="checkbox"
            checked={question.required}
            onChange={(event) =>
              edit((d) => updateQuestion(d, index, { required: event.target.checked }))
            }
          />
          Required
        </label>
        <span className="au-points">
          {question.type === 'text' ? 'Not scored' : `Up to ${possiblePoints(question)} points`}
        </span>
      </div>

      {question.type !== 'text' && (
        <ol className="au-options" aria-label={`Question ${number} options`}>
          {question.options.map((option, optionIndex) => (
            <li key={option.id} className="au-option">
              <span className="au-option-id" aria-hidden="true">
                {option.id}
              </span>
              <label className="au-field au-field-grow">
                <span className="visually-hidden">
                  Question {number} option {option.id}
                </span>
                <input
                  className="input au-input"
                  placeholder="Answer"
                  value={option.label}
                  onChange={(event) =>
                    edit((d) => updateOption(d, index, optionIndex, { label: event.target.value }))
                  }
                />
              </label>
              <label className="au-field au-points-field">
                <span className="visually-hidden">
                  Question {number} option {option.id} points
                </span>
                <input
                  className="input au-input au-number"
                  type="number"
                  step="1"
                  value={option.points}
                  onChange={(event) => {
                    const points = Number(event.target.value);
                    if (Number.isFinite(points))
                      edit((d) => updateOption(d, index, optionIndex, { points }));
                  }}
                />
                <span className="au-unit" aria-hidden="true">
                  pts
                </span>
              </label>
              <button
                type="button"
                className="button button-quiet button-small"
                aria-label={`Remove option ${option.id} of question ${number}`}
                onClick={() => edit((d) => removeOption(d, index, optionIndex))}
              >
                ×
              </button>
            </li>
          ))}
          <li>
            <button
              type="button"
              className="button button-quiet button-small"
              onClick={() => edit((d) => addOption(d, index))}
            >
              + Add an answer
            </button>
          </li>
        </ol>
      )}

      {problem !== null && (
        <p className="au-problem" role="status">
          {problem}
        </p>
      )}
    </li>
  );
}
