// What the `?` overlay and the command palette list from the key map: one entry per action, grouped.

/** The part of app/keys.ts's KeyBinding listed here; structural, so this file stays free of the DOM. */
export interface ListedBinding {
  readonly key: string;
  readonly mod?: boolean;
  readonly description: string;
  readonly group: string;
}

/** The shell's own groups: listed after the features' groups, which matter more while working. */
export const SHELL_GROUPS = ['Go to', 'Anywhere'] as const;

/** One action and every key that does it (j and ↓ for the next lead), in registration order. */
export interface ListedAction<B extends ListedBinding> {
  readonly description: string;
  readonly bindings: readonly B[];
}

export interface BindingGroup<B extends ListedBinding> {
  readonly group: string;
  readonly actions: readonly ListedAction<B>[];
}

function comboOf(binding: ListedBinding): string {
  const key = binding.key.length === 1 ? binding.key.toLowerCase() : binding.key;
  return `${binding.mod === true ? 'mod+' : ''}${key}`;
}

/**
 * The bindings in force: for a key bound twice only the later one fires (app/keys.ts), so only it is
 * listed. Keys with the same description in one group are one action. Groups keep the order they
 * first appear in, with the shell's groups last.
 */
export function listBindings<B extends ListedBinding>(bindings: readonly B[]): BindingGroup<B>[] {
  const inForce = new Map<string, B>();
  for (const binding of bindings) {
    const combo = comboOf(binding);
    inForce.delete(combo);
    inForce.set(combo, binding);
  }
  const byGroup = new Map<string, Map<string, B[]>>();
  for (const binding of bindings) {
    if (inForce.get(comboOf(binding)) !== binding) continue;
    const actions = byGroup.get(binding.group) ?? new Map<string, B[]>();
    actions.set(binding.description, [...(actions.get(binding.description) ?? []), binding]);
    byGroup.set(binding.group, actions);
  }
  const isShell = (group: string): boolean => (SHELL_GROUPS as readonly string[]).includes(group);
  const groups = [...byGroup.keys()];
  return [
    ...groups.filter((group) => !isShell(group)),
    ...SHELL_GROUPS.filter((g) => byGroup.has(g)),
  ].map((group) => ({
    group,
    actions: [...(byGroup.get(group) ?? new Map<string, B[]>())].map(([description, keys]) => ({
      description,
      bindings: keys,
    })),
  }));
}
