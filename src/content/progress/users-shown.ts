/**
 * A Users and licenses grid as the worker needs it (src/core/page-reading.ts UsersShown): each user
 * row's retired and Dynamics 365 licences, users with the same licences counted together. Whether a
 * licence is in the migration's scope, and who counts as moved, is the worker's call
 * (src/core/page-progress.ts countReassignment).
 */
import type { LicenceGroup, UsersShown } from '../../core/page-reading.ts';
import type { ProductMatchers } from '../../core/product-matchers.ts';
import { columnIndex, tidyText, type PageSnapshot } from './page-snapshot.ts';
import { runToEnd } from '../lib/yield-to-page.ts';

const USER_NAME = /[^\s@]+@[^\s@]+\.[^\s@]+/u;
export const LICENSE_HEADERS = ['licenses', 'licences', 'lizenzen', 'licencias', 'assigned licenses', 'licences attribuées'];
/** A licence cell that hides part of its list: "+1 more", "et 2 autres", "2 licenses". */
const TRUNCATED = /(?:\+\s*\d+|\b(?:and|et|und|y)\s+\d+)\s*(?:more|others?|autres?|weitere|más|mas)?\s*\)?\s*$|^\s*\d+\s+(?:licen[cs]es?|lizenz(?:en)?|licencias?)\s*$/iu;
// Licence cells list several products; split on the separators grids use, but also try the whole cell
// because some product names contain a comma ("Dynamics 365 for Operations, Enterprise Edition").
const LICENCE_SEPARATORS = /[;\n·|]|,(?!\s*(?:enterprise|professional|edition|plan)\b)/iu;
/** Rows kept per group as evidence: enough to prove the count, bounded for a 5,000-user grid. */
const SAMPLES_PER_GROUP = 3;

function licencePieces(cells: readonly string[]): string[] {
  return cells
    .flatMap((cell) => [cell, ...cell.split(LICENCE_SEPARATORS)])
    .map(tidyText)
    .filter(Boolean);
}

export function readUsersShown(snapshot: PageSnapshot, matchers: ProductMatchers): UsersShown {
  return runToEnd(usersShownSteps(snapshot, matchers));
}

/** Rows read between two yields of a sliced read. */
const ROWS_PER_STEP = 100;

/** The same, as steps (see read-page.ts); each distinct licence text is matched once. */
export function* usersShownSteps(snapshot: PageSnapshot, matchers: ProductMatchers): Generator<void, UsersShown> {
  const kinds = new Map<string, { retired: string | null; targets: readonly string[] }>();
  const kindOf = (piece: string) => {
    let kind = kinds.get(piece);
    if (!kind) {
      const retired = matchers.retired(piece);
      kind = { retired: retired?.ruleId ?? null, targets: retired ? [] : (matchers.target(piece)?.targetIds ?? []) };
      kinds.set(piece, kind);
    }
    return kind;
  };
  let read = 0;
  let usersSeen = 0;
  let emptyLicences = 0;
  let hasLicenseColumn = false;
  const groups = new Map<string, LicenceGroup>();
  for (const table of snapshot.tables) {
    const licenceColumn = columnIndex(table.headers, LICENSE_HEADERS);
    if (licenceColumn >= 0) hasLicenseColumn = true;
    for (const cells of table.rows) {
      if (++read % ROWS_PER_STEP === 0) yield;
      const userCell = cells.find((c) => USER_NAME.test(c));
      if (!userCell) continue;
      usersSeen += 1;
      const others = cells.filter((c) => c !== userCell);
      const retired = new Set<string>();
      const targets = new Set<string>();
      for (const piece of licencePieces(others)) {
        const kind = kindOf(piece);
        if (kind.retired) retired.add(kind.retired);
        else kind.targets.forEach((id) => targets.add(id));
      }
      const licenceCells = licenceColumn >= 0 ? [cells[licenceColumn] ?? ''] : others;
      if (licenceColumn >= 0 && tidyText(licenceCells[0] ?? '') === '') emptyLicences += 1;
      const truncated = licenceCells.some((c) => TRUNCATED.test(tidyText(c)));
      if (retired.size === 0 && targets.size === 0 && !truncated) continue;
      const group = { retiredRuleIds: [...retired].sort(), targetIds: [...targets].sort(), truncated };
      const key = JSON.stringify(group);
      const existing = groups.get(key) ?? { ...group, count: 0, samples: [] };
      existing.count += 1;
      if (existing.samples.length < SAMPLES_PER_GROUP) existing.samples.push(tidyText(`${userCell} · ${others.join(' · ')}`));
      groups.set(key, existing);
    }
  }
  const partial = snapshot.tables.some((t) => t.partial === true && t.rows.some((cells) => cells.some((c) => USER_NAME.test(c))));
  return { usersSeen, emptyLicences, partial, hasLicenseColumn, groups: [...groups.values()] };
}
