/**
 * The case registry: every case of categories 1-7, 9, 10, 12 and 13 in
 * Autobahn's order, and selection by Autobahn-style patterns.
 *
 * @module
 */
import type { CaseDefinition } from '../case-definition.js';
import { type Limits, resolveLimits } from '../limits.js';
import { category1 } from './cat1.js';
import { category10 } from './cat10.js';
import { category12 } from './cat12.js';
import { category13 } from './cat13.js';
import { category2 } from './cat2.js';
import { category3 } from './cat3.js';
import { category4 } from './cat4.js';
import { category5 } from './cat5.js';
import { category6 } from './cat6.js';
import { category7 } from './cat7.js';
import { category9 } from './cat9.js';

/**
 * All cases, in Autobahn's order.
 *
 * @param limits - scaling of 9.x, 12.x and 13.x
 * @returns the cases
 */
export function allCases(limits: Partial<Limits> = {}): CaseDefinition[] {
  const l = resolveLimits(limits);
  return [
    ...category1,
    ...category2,
    ...category3,
    ...category4,
    ...category5,
    ...category6,
    ...category7,
    ...category9(l),
    ...category10,
    ...category12(l),
    ...category13(l),
  ];
}

/**
 * Whether a case id matches one pattern. `*` matches any run of
 * characters and the whole id must match ("6.4.*", "12.*", "1.1.1");
 * a pattern without `*` that names a group ("6.4") matches its cases too.
 *
 * @param id - case id
 * @param pattern - the pattern
 * @returns true on a match
 */
export function matchesPattern(id: string, pattern: string): boolean {
  const p = pattern.trim();
  if (p === '' ) return false;
  if (!p.includes('*')) return id === p || id.startsWith(`${p}.`);
  const re = new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return re.test(id);
}

/**
 * Selects cases by patterns, keeping Autobahn's order.
 *
 * @param cases - the candidates
 * @param include - patterns to run (all when undefined or empty)
 * @param exclude - patterns to leave out
 * @returns the selection
 */
export function selectCases(cases: readonly CaseDefinition[], include?: readonly string[], exclude: readonly string[] = []): CaseDefinition[] {
  return cases.filter(
    (c) => (!include || include.length === 0 || include.some((p) => matchesPattern(c.id, p))) && !exclude.some((p) => matchesPattern(c.id, p)),
  );
}
