import { describe, expect, it } from 'vitest';
import {
  addOption,
  addQuestion,
  addSection,
  emptyDraft,
  possiblePoints,
  problemsOf,
  problemUnder,
  removeOption,
  removeSection,
  updateOption,
  updateQuestion,
  updateSection,
  type Draft,
} from './draft';

function titled(draft: Draft): Draft {
  return { ...draft, title: 'Floor basics' };
}

describe('an assessment draft', () => {
  it('starts with a section and a pass mark, and says what is missing in plain words', () => {
    const problems = problemsOf(emptyDraft());
    expect(problems.get('title')).toBe('Give the assessment a title.');
    expect(problems.get('definition.questions')).toBe('Add at least one question.');
  });

  it('gives each new question a free id and the section of the last one', () => {
    let draft = addSection(titled(emptyDraft()));
    draft = addQuestion(draft, 'single_choice');
    draft = updateQuestion(draft, 0, { section: 's2' });
    draft = addQuestion(draft, 'text');
    const [first, second] = draft.definition.questions;
    expect([first?.id, second?.id]).toEqual(['q1', 'q2']);
    expect(second).toMatchObject({ section: 's2', options: [] });
    // Empty answer labels are the author's to fill; the scorer can already use the question.
    expect(problemsOf(draft).size).toBe(0);
  });

  it('keeps what fits when a question changes type', () => {
    let draft = addQuestion(titled(emptyDraft()), 'single_choice');
    draft = updateOption(draft, 0, 0, { label: 'Greet', points: 4 });
    draft = updateQuestion(draft, 0, { type: 'multi_choice' });
    expect(draft.definition.questions[0]?.options[0]).toEqual({
      id: 'a',
      label: 'Greet',
      points: 4,
    });
    draft = updateQuestion(draft, 0, { type: 'text' });
    expect(draft.definition.questions[0]?.options).toEqual([]);
    draft = updateQuestion(draft, 0, { type: 'rating' });
    expect(draft.definition.questions[0]?.options.map((o) => o.points)).toEqual([0, 1, 2, 3, 4]);
    expect(problemsOf(draft).size).toBe(0);
  });

  it('names the question whose options the scorer could not use', () => {
    let draft = addQuestion(titled(emptyDraft()), 'single_choice');
    draft = removeOption(removeOption(draft, 0, 1), 0, 0);
    expect(problemUnder(problemsOf(draft), 'definition.questions.0')).toBe(
      'A choice or rating question needs options.',
    );
    draft = addOption(draft, 0);
    expect(draft.definition.questions[0]?.options.map((o) => o.id)).toEqual(['a']);
    expect(problemsOf(draft).size).toBe(0);
  });

  it('moves the questions of a removed section to the first one left', () => {
    let draft = addSection(addQuestion(titled(emptyDraft()), 'text'));
    draft = updateQuestion(draft, 0, { section: 's2' });
    draft = removeSection(draft, 1);
    expect(draft.definition.scoring_rules.sections.map((s) => s.id)).toEqual(['s1']);
    expect(draft.definition.questions[0]?.section).toBe('s1');
    // The last section stays: a question always has one.
    expect(removeSection(draft, 0)).toBe(draft);
  });

  it('needs one section with weight', () => {
    const draft = updateSection(addQuestion(titled(emptyDraft()), 'text'), 0, { weight: 0 });
    expect(problemUnder(problemsOf(draft), 'definition.scoring_rules')).toBe(
      'At least one section needs a weight above 0.',
    );
  });

  it('counts the points possible as the server does', () => {
    const question = {
      id: 'q1',
      section: 's1',
      prompt: '',
      required: false,
      options: [
        { id: 'a', label: '', points: 2 },
        { id: 'b', label: '', points: -2 },
        { id: 'c', label: '', points: 3 },
      ],
    };
    expect(possiblePoints({ ...question, type: 'single_choice' })).toBe(3);
    expect(possiblePoints({ ...question, type: 'multi_choice' })).toBe(5);
    expect(possiblePoints({ ...question, type: 'text', options: [] })).toBe(0);
  });
});
