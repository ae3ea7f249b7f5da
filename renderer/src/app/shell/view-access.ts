// Which views each role gets, in tab order, and which one a person lands on after signing in.
import type { ROLES } from '../../../../src/contract/wire-types';
import type { View } from '../workspace';

type Role = (typeof ROLES)[number];

const CALLERS: readonly Role[] = ['telecaller', 'manager', 'admin'];
const EVERYONE: readonly Role[] = ['telecaller', 'manager', 'admin', 'user'];
const MANAGERS: readonly Role[] = ['manager', 'admin'];
const ADMINS: readonly Role[] = ['admin'];

/** The database enforces roles; this only keeps the tab bar to what a person can use. */
export const VIEW_ROLES: Readonly<Record<View, readonly Role[]>> = {
  queue: CALLERS,
  callbacks: CALLERS,
  assessments: EVERYONE,
  sync: EVERYONE,
  floor: MANAGERS,
  leads: MANAGERS,
  kpis: MANAGERS,
  people: ADMINS,
  authoring: ADMINS,
  releases: ADMINS,
  integrations: ADMINS,
};

/** People who call leads: they have a presence on the floor board; a candidate does not. */
export function isCaller(role: Role): boolean {
  return CALLERS.includes(role);
}

export function viewsFor(role: Role): View[] {
  return (Object.keys(VIEW_ROLES) as View[]).filter((view) => VIEW_ROLES[view].includes(role));
}

/** Where a person lands after signing in: their role's first view. */
export function firstViewFor(role: Role): View {
  return viewsFor(role)[0] ?? 'sync';
}
