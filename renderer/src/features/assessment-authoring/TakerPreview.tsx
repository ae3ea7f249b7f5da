// The assessment as its taker sees it: prompts, sections and answers, without the points (the taker's
// screen never receives them). Read-only: it shows the wording, it does not score.
import type { AssessmentDefinition } from '../../../../src/domain/assessment-scoring';

export function TakerPreview({
  title,
  description,
  definition,
}: {
  readonly title: string;
  readonly description: string;
  readonly definition: AssessmentDefinition;
}) {
  const { sections } = definition.scoring_rules;
  const sectionTitle = (id: string): string =>
    sections.find((section) => section.id === id)?.title || id;
  return (
    <article className="au-preview" aria-label="Preview as the taker sees it">
      <h3 className="au-preview-title">{title || 'Untitled assessment'}</h3>
      {description !== '' && <p className="au-muted">{description}</p>}
      <ol className="au-preview-questions">
        {definition.questions.map((question, index) => (
          <li key={question.id} className="au-preview-question">
            <p className="au-preview-section">{sectionTitle(question.section)}</p>
            <p className="au-preview-prompt">
              {index + 1}. {question.prompt || <span className="au-muted">(no prompt yet)</span>}
              {question.required && <span className="au-preview-required"> · required</span>}
            </p>
            {question.type === 'text' ? (
              <textarea
                className="input au-input"
                rows={2}
                disabled
                aria-label={`Answer ${index + 1}`}
              />
            ) : (
              <ul className="au-preview-options">
                {question.options.map((option) => (
                  <li key={option.id}>
                    <label className="au-check">
                      <input
                        type={question.type === 'multi_choice' ? 'checkbox' : 'radio'}
                        name={`preview-${question.id}`}
                        disabled
                      />
                      {option.label || <span className="au-muted">(empty answer)</span>}
                    </label>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </article>
  );
}
