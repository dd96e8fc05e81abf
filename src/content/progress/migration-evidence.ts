import { columnIndex, tidyText, type PageSnapshot } from './page-snapshot.ts';
import type { ProductMatchers } from './product-matchers.ts';
import type { SubscriptionFact } from './subscription-facts.ts';

/**
 * Which retired SKUs and targets a customer's migration is about. Without it a reader would count a
 * CRM Online licence as "still to move" in an AX migration, or any Dynamics 365 product as the purchase.
 */
export interface MigrationScope {
  /** Retirement rule ids of the customer's retired subscriptions; empty = any retired SKU. */
  ruleIds: readonly string[];
  /** Target product ids the plan buys; empty = any target of the retired SKUs in scope. */
  targetIds: readonly string[];
}

export const ANY_SCOPE: MigrationScope = { ruleIds: [], targetIds: [] };

function inRuleScope(ruleId: string, scope: MigrationScope): boolean {
  return scope.ruleIds.length === 0 || scope.ruleIds.includes(ruleId);
}

/** A Dynamics 365 target subscription is active next to the retired one: step 1 (purchase) is done. */
export interface PurchaseEvidence {
  targetIds: string[];
  /** The target rows as seen. */
  text: string;
}

export function readPurchase(facts: readonly SubscriptionFact[], scope: MigrationScope = ANY_SCOPE): PurchaseEvidence | null {
  const retired = facts.filter((f) => f.retired && inRuleScope(f.retired.ruleId, scope));
  // "Next to the old one": a page that no longer lists the retired subscription proves nothing about
  // this migration (it may be another customer's view, or a filtered grid).
  if (retired.length === 0) return null;
  const wanted = new Set(scope.targetIds.length > 0 ? scope.targetIds : retired.flatMap((f) => f.retired?.targetIds ?? []));
  const bought = facts.filter((f) => f.target && f.status === 'active' && f.target.targetIds.some((id) => wanted.has(id)));
  if (bought.length === 0) return null;
  return {
    targetIds: [...new Set(bought.flatMap((f) => f.target?.targetIds ?? []))].filter((id) => wanted.has(id)),
    text: clip(bought.map((f) => f.text).join(' | ')),
  };
}

/** How many of the customer's retired subscriptions the page shows as Suspended. */
export interface SuspensionEvidence {
  suspended: number;
  total: number;
  text: string;
}

export function readSuspension(facts: readonly SubscriptionFact[], scope: MigrationScope = ANY_SCOPE): SuspensionEvidence | null {
  const retired = facts.filter((f) => f.retired && inRuleScope(f.retired.ruleId, scope));
  const suspended = retired.filter((f) => f.status === 'suspended');
  if (suspended.length === 0) return null;
  return { suspended: suspended.length, total: retired.length, text: clip(suspended.map((f) => f.text).join(' | ')) };
}

/**
 * Users and licenses: who still holds the retired licence, who holds a target. One snapshot shows who
 * holds what now, not who held what before: a user holding a target may have been moved or may never
 * have held the retired licence, so this reading does not count "moved" users (the state machine does,
 * against what it counted before: usersAfterReading in src/core/migration.ts).
 */
export interface ReassignEvidence {
  /** Users holding a target licence and no retired licence in scope. */
  onReplacement: number;
  /** Users holding a retired or a target licence in scope (remaining.length + onReplacement). */
  inScope: number;
  /** User names (as seen) still holding a retired licence. */
  remaining: string[];
  /** User rows the page listed, in scope or not: 0 means the grid has not loaded, so nothing can be concluded. */
  usersSeen: number;
  /** The grid shows only part of the users (paged or virtualised): the counts are a lower bound. */
  partial: boolean;
  /**
   * User rows whose licences the grid does not show in full (truncated: "Office 365 E3 +1 more",
   * "2 licenses") and that show no retired licence, or every row when no licence cell is filled yet
   * (still loading): any of them may still hold one, so "nobody left" cannot be concluded.
   */
  uncertain: number;
  text: string;
}

const USER_NAME = /[^\s@]+@[^\s@]+\.[^\s@]+/u;
export const LICENSE_HEADERS = ['licenses', 'licences', 'lizenzen', 'licencias', 'assigned licenses', 'licences attribuées'];
/** A licence cell that hides part of its list: "+1 more", "et 2 autres", "2 licenses". */
const TRUNCATED = /(?:\+\s*\d+|\b(?:and|et|und|y)\s+\d+)\s*(?:more|others?|autres?|weitere|más|mas)?\s*\)?\s*$|^\s*\d+\s+(?:licen[cs]es?|lizenz(?:en)?|licencias?)\s*$/iu;
// Licence cells list several products; split on the separators grids use, but also try the whole cell
// because some product names contain a comma ("Dynamics 365 for Operations, Enterprise Edition").
const LICENCE_SEPARATORS = /[;\n·|]|,(?!\s*(?:enterprise|professional|edition|plan)\b)/iu;

function licencePieces(cells: readonly string[]): string[] {
  return cells.flatMap((cell) => [cell, ...cell.split(LICENCE_SEPARATORS)]).map(tidyText).filter(Boolean);
}

const EVIDENCE_MAX = 500;

/** Evidence is stored per change: keep it to what proves the point. */
export function clip(text: string): string {
  return text.length <= EVIDENCE_MAX ? text : `${text.slice(0, EVIDENCE_MAX - 1)}…`;
}

export function readReassignment(
  snapshot: PageSnapshot,
  matchers: ProductMatchers,
  scope: MigrationScope = ANY_SCOPE,
): ReassignEvidence | null {
  let usersSeen = 0;
  let uncertain = 0;
  let emptyLicences = 0;
  let onReplacement = 0;
  const remaining: string[] = [];
  const seen: string[] = [];
  for (const table of snapshot.tables) {
    const licenceColumn = columnIndex(table.headers, LICENSE_HEADERS);
    for (const cells of table.rows) {
      const userCell = cells.find((c) => USER_NAME.test(c));
      if (!userCell) continue;
      usersSeen += 1;
      const others = cells.filter((c) => c !== userCell);
      let holdsRetired = false;
      let targetIds: string[] = [];
      for (const piece of licencePieces(others)) {
        const retired = matchers.retired(piece);
        if (retired) {
          if (inRuleScope(retired.ruleId, scope)) holdsRetired = true;
          continue;
        }
        const target = matchers.target(piece);
        if (target) targetIds.push(...target.targetIds);
      }
      if (scope.targetIds.length > 0) targetIds = targetIds.filter((id) => scope.targetIds.includes(id));
      const holdsTarget = targetIds.length > 0;
      const licenceCells = licenceColumn >= 0 ? [cells[licenceColumn] ?? ''] : others;
      if (licenceColumn >= 0 && tidyText(licenceCells[0] ?? '') === '') emptyLicences += 1;
      if (!holdsRetired && licenceCells.some((c) => TRUNCATED.test(tidyText(c)))) uncertain += 1;
      if (holdsRetired) remaining.push(USER_NAME.exec(userCell)?.[0] ?? tidyText(userCell));
      else if (holdsTarget) onReplacement += 1;
      // Evidence: the rows that prove the count, those still on the retired licence first.
      if (holdsRetired) seen.unshift(tidyText(`${userCell} · ${others.join(' · ')}`));
      else if (holdsTarget) seen.push(tidyText(`${userCell} · ${others.join(' · ')}`));
    }
  }
  if (usersSeen === 0) return null;
  // One user without licences is an unlicensed user; every licence cell empty is a grid still loading them.
  if (emptyLicences === usersSeen) uncertain = usersSeen;
  return {
    onReplacement,
    inScope: onReplacement + remaining.length,
    remaining,
    usersSeen,
    uncertain,
    partial: snapshot.tables.some((t) => t.partial === true && t.rows.some((cells) => cells.some((c) => USER_NAME.test(c)))),
    text: clip(seen.join(' | ')),
  };
}
