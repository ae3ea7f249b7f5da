// The assessment being edited, as plain data with pure edits, and what the contract would refuse in it
// (the same schema the core parses with), keyed by field path so each field shows its own problem.
import type { z } from 'zod';
import { saveAssessmentArgsSchema } from '../../../../src/contract/operations/authoring';
import type {
  AssessmentDefinition,
  AssessmentQuestion,
  QuestionType,
} from '../../../../src/domain/assessment-scoring';

export interface Draft {
  /** Null until the server has it. */
  readonly id: string | null;
  readonly title: string;
  readonly description: string;
  readonly is_active: boolean;
  readonly definition: AssessmentDefinition;
}

type Section = AssessmentDefinition['scoring_rules']['sections'][number];
type Option = AssessmentQuestion['options'][number];

export const TYPE_LABELS: Readonly<Record<QuestionType, string>> = {
  single_choice: 'One answer',
  multi_choice: 'Several answers',
  rating: 'Rating scale',
  text: 'Free text',
};

/** The first id of the form `<prefix><n>` not yet taken. */
function freeId(prefix: string, taken: readonly string[]): string {
  const used = new Set(taken);
  for (let n = 1; ; n += 1) if (!used.has(`${prefix}${n}`)) return `${prefix}${n}`;
}

/** Option ids a, b, c…, then a1, b1… past z. */
function freeOptionId(options: readonly Option[]): string {
  const used = new Set(options.map((option) => option.id));
  for (let round = 0; ; round += 1) {
    for (const letter of 'abcdefghijklmnopqrstuvwxyz') {
      const id = round === 0 ? letter : `${letter}${round}`;
      if (!used.has(id)) return id;
    }
  }
}

function ratingScale(): Option[] {
  return [1, 2, 3, 4, 5].map((n) => ({ id: String(n), label: String(n), points: n - 1 }));
}

export function emptyDraft(): Draft {
  return {
    id: null,
    title: '',
    description: '',
    is_active: true,
    definition: {
      questions: [],
      scoring_rules: { sections: [{ id: 's1', title: 'General', weight: 1 }], pass_mark: 60 },
    },
  };
}

function withQuestions(draft: Draft, questions: AssessmentQuestion[]): Draft {
  return { ...draft, definition: { ...draft.definition, questions } };
}

function withSections(draft: Draft, sections: Section[]): Draft {
  return {
    ...draft,
    definition: {
      ...draft.definition,
      scoring_rules: { ...draft.definition.scoring_rules, sections },
    },
  };
}

export function addQuestion(draft: Draft, type: QuestionType): Draft {
  const { questions, scoring_rules } = draft.definition;
  const last = questions[questions.length - 1];
  const question: AssessmentQuestion = {
    id: freeId(
      'q',
      questions.map((q) => q.id),
    ),
    // A new question goes where the last one is, as people write one section at a time.
    section: last?.section ?? scoring_rules.sections[0]?.id ?? 's1',
    type,
    prompt: '',
    options:
      type === 'text'
        ? []
        : type === 'rating'
          ? ratingScale()
          : [
              { id: 'a', label: '', points: 1 },
              { id: 'b', label: '', points: 0 },
            ],
    required: false,
  };
  return withQuestions(draft, [...questions, question]);
}

export function updateQuestion(
  draft: Draft,
  index: number,
  change: Partial<Omit<AssessmentQuestion, 'id' | 'options'>>,
): Draft {
  return withQuestions(
    draft,
    draft.definition.questions.map((question, i) => {
      if (i !== index) return question;
      const next = { ...question, ...change };
      // A type change keeps what still fits: a text question has no options, a choice needs some.
      if (change.type !== undefined && change.type !== question.type) {
        if (change.type === 'text') next.options = [];
        else if (change.type === 'rating') next.options = ratingScale();
        else if (question.type === 'text' || question.type === 'rating')
          next.options = addQuestion(emptyDraft(), change.type).definition.questions[0]!.options;
      }
      return next;
    }),
  );
}

export function moveQuestion(draft: Draft, index: number, by: -1 | 1): Draft {
  const questions = [...draft.definition.questions];
  const to = index + by;
  if (to < 0 || to >= questions.length) return draft;
  [questions[index], questions[to]] = [questions[to]!, questions[index]!];
  return withQuestions(draft, questions);
}

export function removeQuestion(draft: Draft, index: number): Draft {
  return withQuestions(
    draft,
    draft.definition.questions.filter((_, i) => i !== index),
  );
}

export function addOption(draft: Draft, index: number): Draft {
  return withQuestions(
    draft,
    draft.definition.questions.map((question, i) =>
      i === index
        ? {
            ...question,
            options: [
              ...question.options,
              { id: freeOptionId(question.options), label: '', points: 0 },
            ],
          }
        : question,
    ),
  );
}

export function updateOption(
  draft: Draft,
  index: number,
  optionIndex: number,
  change: Partial<Omit<Option, 'id'>>,
): Draft {
  return withQuestions(
    draft,
    draft.definition.questions.map((question, i) =>
      i === index
        ? {
            ...question,
            options: question.options.map((option, o) =>
              o === optionIndex ? { ...option, ...change } : option,
            ),
          }
        : question,
    ),
  );
}

export function removeOption(draft: Draft, index: number, optionIndex: number): Draft {
  return withQuestions(
    draft,
    draft.definition.questions.map((question, i) =>
      i === index
        ? { ...question, options: question.options.filter((_, o) => o !== optionIndex) }
        : question,
    ),
  );
}

export function addSection(draft: Draft): Draft {
  const { sections } = draft.definition.scoring_rules;
  return withSections(draft, [
    ...sections,
    {
      id: freeId(
        's',
        sections.map((s) => s.id),
      ),
      title: `Section ${sections.length + 1}`,
      weight: 1,
    },
  ]);
}

export function updateSection(
  draft: Draft,
  index: number,
  change: Partial<Omit<Section, 'id'>>,
): Draft {
  return withSections(
    draft,
    draft.definition.scoring_rules.sections.map((section, i) =>
      i === index ? { ...section, ...change } : section,
    ),
  );
}

/** Removes a section; its questions move to the first remaining one, so none is left unscored. */
export function removeSection(draft: Draft, index: number): Draft {
  const sections = draft.definition.scoring_rules.sections;
  const removed = sections[index];
  const rest = sections.filter((_, i) => i !== index);
  if (removed === undefined || rest.length === 0) return draft;
  const moved = withQuestions(
    draft,
    draft.definition.questions.map((question) =>
      question.section === removed.id ? { ...question, section: rest[0]!.id } : question,
    ),
  );
  return withSections(moved, rest);
}

export function setPassMark(draft: Draft, passMark: number): Draft {
  return {
    ...draft,
    definition: {
      ...draft.definition,
      scoring_rules: { ...draft.definition.scoring_rules, pass_mark: passMark },
    },
  };
}

/** The most one can score on a question: what the server's scorer counts as possible. */
export function possiblePoints(question: AssessmentQuestion): number {
  if (question.type === 'text') return 0;
  const points = question.options.map((option) => option.points);
  if (question.type === 'multi_choice')
    return points.filter((p) => p > 0).reduce((a, b) => a + b, 0);
  return Math.max(0, ...points);
}

export type SaveArgs = z.input<typeof saveAssessmentArgsSchema>;

export function saveArgsOf(draft: Draft): SaveArgs {
  return {
    ...(draft.id === null ? {} : { id: draft.id }),
    title: draft.title,
    description: draft.description,
    is_active: draft.is_active,
    definition: draft.definition,
  };
}

/** zod's words for the two problems every new assessment starts with, said for a person. */
const PLAIN_WORDS: Readonly<Record<string, string>> = {
  title: 'Give the assessment a title.',
  'definition.questions': 'Add at least one question.',
};

/** What the core would refuse, by dotted path ('title', 'definition.questions.0.options'). */
export function problemsOf(draft: Draft): ReadonlyMap<string, string> {
  const parsed = saveAssessmentArgsSchema.safeParse(saveArgsOf(draft));
  const problems = new Map<string, string>();
  if (parsed.success) return problems;
  for (const issue of parsed.error.issues) {
    const key = issue.path.join('.');
    if (!problems.has(key)) problems.set(key, PLAIN_WORDS[key] ?? issue.message);
  }
  return problems;
}

/** The problem at `path` or under it (a question's problems show on its card). */
export function problemUnder(problems: ReadonlyMap<string, string>, path: string): string | null {
  for (const [key, message] of problems)
    if (key === path || key.startsWith(`${path}.`)) return message;
  return null;
}
