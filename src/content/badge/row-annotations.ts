/**
 * Groups what the scanner finds by grid row, so a retired SKU's badge knows its row's renewal status
 * and an "Expires on" knows whether its row holds a retired SKU — whichever of the two texts the grid
 * renders first. Every change to a row re-renders that row's badges and chips (Preact diffs them).
 *
 * Badges sit right after the matched text node, inside the same cell, so they scroll, move and
 * disappear with the row. One badge per retired SKU per row: a name repeated in the same row (title
 * and subtitle) gets a single badge.
 *
 * A badge is mounted when its row first comes within a screen or so of the viewport (an
 * IntersectionObserver, no forced layout): a 5,000-row grid costs the shadow roots of the rows the
 * partner can see, not 1,000 of them up front. A mounted badge stays mounted.
 *
 * A current product's end date (nearly every other row of a big grid) costs even less until then: a
 * cheap test of its text and its parent observed; parsing it, whether it is hidden or in a skeleton
 * row, and where its chip goes are asked only when it comes near the viewport.
 */
import { h, type ComponentChild } from 'preact';
import type { SkuMatch } from '../../core/catalog.ts';
import type { RenewalInfo, SubscriptionStatus } from '../../core/observation.ts';
import { statusFromCell, statusFromLabelledText } from '../progress/status-words.ts';
import type { PageContext } from '../feature.ts';
import { forEachText, isHiddenOrInert, isSkeletonRow, openShadowRoots, outerRowOf, ROW_SELECTOR, rowOf } from '../lib/deep-dom.ts';
import { mountInShadow, type ShadowMount } from '../lib/shadow-host.ts';
import { badgeModel, expiryOf } from './badge-model.ts';
import { mayStateExpiry } from './renewal-candidate.ts';
import { RetiredBadge } from './retired-badge.tsx';
import { RenewalChip } from './renewal-chip.tsx';
import { BADGE_CSS, CHIP_CSS } from './badge-styles.ts';
import type { Cleanup } from '../scanner.ts';
import { timed } from '../bench-mark.ts';
import { DEFAULT_URGENCY_THRESHOLDS, type UrgencyThresholds } from '../../core/urgency.ts';

interface SkuEntry {
  match: SkuMatch;
  mount: ShadowMount | null;
}

interface RenewalEntry {
  status: RenewalInfo;
  /** The text as matched. */
  text: string;
  mount: ShadowMount | null;
}

interface RowGroup {
  skus: Map<Text, SkuEntry>;
  renewals: Map<Text, RenewalEntry>;
  /** Keyed by a SKU's parent element or text, not by a grid row (see skuKeyAbove). */
  outsideRows: boolean;
  /** A row holding rows of its own (a list in a cell, a nested grid), in or out of shadow roots. */
  innerRows: boolean;
  /** One current product's end date, in a row without a retired SKU (see markCurrent): not in `groups`. */
  current?: true;
}

export class RowAnnotations {
  private readonly groups = new Map<object, RowGroup>();
  private readonly groupOf = new Map<Text, object>();
  /** Rows changed in the current scanner pass; rendered once, at the end of the pass. */
  private readonly dirty = new Set<RowGroup>();
  /**
   * Renewal texts in rows without a retired SKU (nearly all of a grid): kept aside, indexed by their
   * row, and adopted if a retired SKU shows up in that row later.
   */
  private readonly loose = new Map<Text, LooseRenewal>();
  /** Arrays, not sets: a row holds one or two renewal texts, and a grid has thousands of rows. */
  private readonly looseInRow = new Map<Element, Text[]>();
  /**
   * The loose texts that state an end date ("Expires on"): a current product that will not renew,
   * each with its quiet chip. Kept apart from `groups`, so a retired SKU's row lookup never sees them.
   */
  private readonly current = new Map<Text, RowGroup>();
  /**
   * Current products' end dates whose parent element has not been near the viewport yet, by that
   * element: not yet parsed, checked for hidden text nor placed.
   */
  private readonly currentWaiting = new Map<Element, Text[]>();
  /** Groups keyed by a SKU's parent element or text (not in any grid row): see skuKeyAbove. */
  private groupsOutsideRows = 0;
  /** Groups whose row holds rows of its own (see skuKeyAbove). */
  private groupsWithInnerRows = 0;

  /** Anchors that have been near the viewport: their annotations mount at once from now on. */
  private readonly revealed = new WeakSet<Element>();
  /** Anchors not yet near the viewport, and the rows waiting on them. */
  private readonly waiting = new Map<Element, Set<RowGroup>>();
  private observer: IntersectionObserver | null = null;

  constructor(
    private readonly page: PageContext,
    signal: AbortSignal,
    /** Parses a renewal text ("Expires on <date>"); asked only for texts that get a chip. */
    private readonly readRenewal: (text: string) => RenewalInfo | null,
    private readonly thresholds: UrgencyThresholds = DEFAULT_URGENCY_THRESHOLDS,
    private readonly doc: Document = document,
  ) {
    signal.addEventListener(
      'abort',
      () => {
        this.observer?.disconnect();
        this.waiting.clear();
        this.currentWaiting.clear();
      },
      { once: true },
    );
  }

  addSku(node: Text, match: SkuMatch): Cleanup {
    const key = this.keyFor(node);
    const isNew = !this.groups.has(key);
    const group = this.group(key);
    group.skus.set(node, { match, mount: null });
    this.groupOf.set(node, key);
    this.dirty.add(group);
    if (isNew && this.loose.size > 0 && key instanceof Node) this.adoptLooseRenewals(key);
    return () => this.removeNode(node);
  }

  /** A text that may state a renewal (`text`, the node's text when it was matched). */
  addRenewal(node: Text, text: string): Cleanup {
    if (this.page.kind === 'subscription-details') {
      this.placeRenewal(node, text, this.page);
    } else {
      const row = rowOf(node);
      const key = this.skuKeyAbove(node, row);
      // Hidden for now: kept aside, so the row's retired SKU, when re-rendered, looks at it again.
      if (key === null) this.setLoose(node, { text, row });
      else if (this.placeRenewal(node, text, key) === 'hidden') this.setLoose(node, { text, row }, false);
    }
    return () => {
      if (!this.deleteLoose(node)) this.removeNode(node);
    };
  }

  /**
   * Parsed, and checked for hidden or inert text, here: only for the few renewal texts in a retired
   * SKU's row. One that states no renewal, or that the partner cannot see, gets no chip.
   */
  private placeRenewal(node: Text, text: string, key: object): 'placed' | 'hidden' | 'no-renewal' {
    const status = this.readRenewal(text);
    if (!status) return 'no-renewal';
    if (isHiddenOrInert(node)) return 'hidden';
    const group = this.group(key);
    group.renewals.set(node, { status, text, mount: null });
    this.groupOf.set(node, key);
    this.dirty.add(group);
    return 'placed';
  }

  /**
   * The key of the retired SKU's group that a renewal text in `row` belongs to, if any. Called for
   * every renewal text of a grid (nearly all in rows without a retired SKU), so it costs one native
   * `closest()` (rowOf) for the text's own row. The rows around it are looked at only while a retired
   * SKU's row holds rows of its own (a list in a cell, a nested grid), and every ancestor only while
   * some SKU sits outside any row (keyed by its parent element).
   */
  private skuKeyAbove(node: Text, row: Element | null): object | null {
    if (this.groups.size === 0) return null;
    if (row && this.groups.has(row)) return row;
    if (row && this.groupsWithInnerRows > 0) {
      for (let outer = outerRowOf(row); outer; outer = outerRowOf(outer)) if (this.groups.has(outer)) return outer;
    }
    if (this.groupsOutsideRows === 0) return null;
    for (let current = node.parentNode; current; current = current instanceof ShadowRoot ? current.host : current.parentNode) {
      if (this.groups.has(current)) return current;
    }
    return null;
  }

  /** Keeps a renewal text aside; `mayShow`: not known to be hidden, so a current product's end date gets its chip. */
  private setLoose(node: Text, renewal: LooseRenewal, mayShow = true): void {
    this.loose.set(node, renewal);
    if (mayShow) this.markCurrent(node, renewal);
    if (!renewal.row) return;
    const texts = this.looseInRow.get(renewal.row);
    if (texts) texts.push(node);
    else this.looseInRow.set(renewal.row, [node]);
  }

  private deleteLoose(node: Text): LooseRenewal | null {
    const renewal = this.loose.get(node);
    if (!renewal) return null;
    this.loose.delete(node);
    this.unmarkCurrent(node, renewal);
    if (renewal.row && removeFrom(this.looseInRow, renewal.row, node)) this.looseInRow.delete(renewal.row);
    return renewal;
  }

  /**
   * A renewal text outside any retired SKU's row that may state an end date: a current product that
   * will not renew. Only the cheap test that it may (mayStateExpiry) runs here; parsing it, and the
   * rest, wait until it comes near the viewport (showCurrent).
   */
  private markCurrent(node: Text, renewal: LooseRenewal): void {
    if (!mayStateExpiry(renewal.text)) return;
    // Its parent, not its row: a grid's row may have no box of its own (`display: contents`), which
    // an IntersectionObserver never sees near anything.
    const near = node.parentElement;
    if (!near) return; // detached: hidden
    if (this.revealed.has(near)) {
      this.showCurrent(node, renewal);
      return;
    }
    const texts = this.currentWaiting.get(near);
    if (texts) {
      texts.push(node);
    } else {
      this.currentWaiting.set(near, [node]);
      this.intersections().observe(near);
    }
    renewal.waitingOn = near;
  }

  /**
   * A current product's end date near the viewport gets its chip (parsed once per distinct text: the
   * reader remembers): never in a skeleton row (placeholder text can look like a date), never for
   * text the partner cannot see.
   */
  private showCurrent(node: Text, renewal: LooseRenewal): void {
    const status = this.readRenewal(renewal.text);
    if (status?.kind !== 'expires') return;
    if ((renewal.row && isSkeletonRow(renewal.row)) || isHiddenOrInert(node)) return;
    const group: RowGroup = { skus: new Map(), renewals: new Map([[node, { status, text: renewal.text, mount: null }]]), outsideRows: false, innerRows: false, current: true };
    this.current.set(node, group);
    this.dirty.add(group);
  }

  private unmarkCurrent(node: Text, renewal: LooseRenewal): void {
    const near = renewal.waitingOn;
    if (near) {
      renewal.waitingOn = undefined;
      if (removeFrom(this.currentWaiting, near, node)) {
        this.currentWaiting.delete(near);
        if (!this.waiting.has(near)) this.observer?.unobserve(near);
      }
    }
    const group = this.current.get(node);
    if (!group) return;
    this.current.delete(node);
    this.dirty.delete(group);
    group.renewals.get(node)?.mount?.remove();
    this.stopWaiting(anchorOf(node), group);
  }

  /** A retired SKU appeared under `key` (its row, or its parent outside any row): its renewal texts, seen earlier, now belong to it. */
  private adoptLooseRenewals(key: Node): void {
    const adopt = (text: Text): void => {
      const renewal = this.loose.get(text);
      // Still hidden: it stays aside for the next time.
      if (renewal && this.placeRenewal(text, renewal.text, key) !== 'hidden') this.deleteLoose(text);
    };
    const group = this.groups.get(key);
    if (group && !group.outsideRows && !group.innerRows) {
      for (const text of [...(this.looseInRow.get(key as Element) ?? [])]) adopt(text);
    } else {
      // Outside any row, or a row holding rows (their texts are indexed under the inner rows):
      // every text under the key.
      forEachText(key, adopt);
    }
  }

  /**
   * Rows are grid rows; on a subscription-details page (one subscription, no grid) the whole page is
   * the row, so the end date shown anywhere on it belongs to the SKU in its title.
   */
  private keyFor(node: Text): object {
    if (this.page.kind === 'subscription-details') return this.page;
    return rowOf(node) ?? node.parentElement ?? node;
  }

  private group(key: object): RowGroup {
    let group = this.groups.get(key);
    if (!group) {
      const outsideRows = isOutsideRows(key);
      group = { skus: new Map(), renewals: new Map(), outsideRows, innerRows: !outsideRows && key instanceof Element && holdsRows(key) };
      this.groups.set(key, group);
      if (group.outsideRows) this.groupsOutsideRows++;
      if (group.innerRows) this.groupsWithInnerRows++;
    }
    return group;
  }

  private dropGroup(key: object, group: RowGroup): void {
    this.groups.delete(key);
    this.dirty.delete(group);
    if (group.outsideRows) this.groupsOutsideRows--;
    if (group.innerRows) this.groupsWithInnerRows--;
  }

  private removeNode(node: Text): void {
    const key = this.groupOf.get(node);
    this.groupOf.delete(node);
    if (key === undefined) return;
    const group = this.groups.get(key);
    if (!group) return;
    const entry = group.skus.get(node) ?? group.renewals.get(node);
    entry?.mount?.remove();
    this.stopWaiting(anchorOf(node), group);
    group.skus.delete(node);
    group.renewals.delete(node);
    if (group.skus.size === 0 && key !== this.page) {
      // No retired SKU left in the row: its renewal texts go back aside, without their chips.
      for (const [text, renewal] of group.renewals) {
        renewal.mount?.remove();
        this.stopWaiting(anchorOf(text), group);
        this.groupOf.delete(text);
        this.setLoose(text, { text: renewal.text, row: rowOf(text) });
      }
      this.dropGroup(key, group);
      return;
    }
    if (group.skus.size === 0 && group.renewals.size === 0) {
      this.dropGroup(key, group);
      return;
    }
    this.dirty.add(group);
  }

  /** Renders every row that changed since the last call (the scanner calls it at the end of a pass). */
  flush(): void {
    for (const group of this.dirty) this.refresh(group);
    this.dirty.clear();
  }

  /** True when the node's anchor has been near the viewport; otherwise starts watching for it. */
  private isRevealed(node: Text, group: RowGroup): boolean {
    const anchor = anchorOf(node);
    if (!anchor || this.revealed.has(anchor)) return true;
    let rows = this.waiting.get(anchor);
    if (!rows) {
      rows = new Set();
      this.waiting.set(anchor, rows);
      this.intersections().observe(anchor);
    }
    rows.add(group);
    return false;
  }

  private stopWaiting(anchor: Element | null, group: RowGroup): void {
    if (!anchor) return;
    const rows = this.waiting.get(anchor);
    if (!rows) return;
    rows.delete(group);
    if (rows.size === 0) {
      this.waiting.delete(anchor);
      if (!this.currentWaiting.has(anchor)) this.observer?.unobserve(anchor);
    }
  }

  private intersections(): IntersectionObserver {
    this.observer ??= new IntersectionObserver(
      (entries) =>
        timed(
          this.doc,
          () => {
            for (const entry of entries) {
              if (!entry.isIntersecting) continue;
              const anchor = entry.target;
              this.revealed.add(anchor);
              this.observer?.unobserve(anchor);
              for (const group of this.waiting.get(anchor) ?? []) this.dirty.add(group);
              this.waiting.delete(anchor);
              this.revealCurrent(anchor);
            }
            this.flush();
          },
          'data-sku-shift-bench',
          'mount',
        ),
      // About a screen above and below: badges are there before the partner scrolls to them.
      { rootMargin: '100% 0px 100% 0px' },
    );
    return this.observer;
  }

  /** The current products' end dates that waited on `near` (their parent, now near the viewport). */
  private revealCurrent(near: Element): void {
    const texts = this.currentWaiting.get(near);
    if (!texts) return;
    this.currentWaiting.delete(near);
    for (const node of texts) {
      const renewal = this.loose.get(node);
      if (renewal?.waitingOn !== near) continue;
      renewal.waitingOn = undefined;
      this.showCurrent(node, renewal);
      // Its anchor holds or is `near`: the chip mounts now, not one observation later.
      const anchor = this.current.has(node) ? anchorOf(node) : null;
      if (anchor) this.revealed.add(anchor);
    }
  }

  private refresh(group: RowGroup): void {
    const renewal = firstRenewal(group);
    // A suspended subscription no longer runs: no days left, no urgency on its row. Read from the
    // row's cells only once something of the row is shown (most rows of a big grid are far away).
    let status: SubscriptionStatus | null | undefined;
    const statusNow = (): SubscriptionStatus | null => (status === undefined ? (status = this.groups.get(this.page) === group ? detailsStatus(group) : rowStatus(group)) : status);
    const seenRules = new Set<string>();
    for (const [node, entry] of group.skus) {
      // A node the page detached (its cleanup comes with the next pass) must not hold the row's
      // one badge for this SKU.
      if (seenRules.has(entry.match.rule.id) || !node.isConnected) {
        entry.mount?.remove();
        entry.mount = null;
        continue;
      }
      seenRules.add(entry.match.rule.id);
      if (!this.isRevealed(node, group)) continue;
      const ui = h(RetiredBadge, { model: badgeModel(entry.match, renewal, this.page.today, this.thresholds, statusNow()), customerId: this.page.customerId });
      entry.mount = place(node, entry.mount, ui, 'badge', BADGE_CSS);
    }
    const retiredInRow = group.skus.size > 0;
    // No retired SKU here: a current product's row, or a details page whose product is current.
    const currentProduct = !retiredInRow && (group.current === true || this.groups.get(this.page) === group);
    for (const [node, entry] of group.renewals) {
      // Not shown and not near the viewport yet: nothing to decide before it is.
      if (!entry.mount && !this.isRevealed(node, group)) continue;
      const expiry = entry.status.kind === 'expires' ? expiryOf(entry.status.date, this.page.today, this.thresholds, statusNow()) : null;
      if ((!retiredInRow && !(currentProduct && expiry)) || (entry.status.kind === 'expires' && !expiry) || (entry.status.kind === 'auto-renews' && statusNow() === 'suspended')) {
        entry.mount?.remove();
        entry.mount = null;
        continue;
      }
      if (!this.isRevealed(node, group)) continue;
      const ui = expiry ? h(RenewalChip, { kind: retiredInRow ? 'expires' : 'current-expires', expiry }) : h(RenewalChip, { kind: 'auto-renews' });
      entry.mount = place(node, entry.mount, ui, 'renewal', CHIP_CSS);
    }
  }
}

interface LooseRenewal {
  /** The text as matched (parsed when it gets a chip). */
  text: string;
  /** The text's own grid row (null outside any row). */
  row: Element | null;
  /** A current product's end date, maybe: the element whose coming near the viewport it waits for. */
  waitingOn?: Element | undefined;
}

/** Removes `item` from the array kept under `key`; true when that array is now empty. */
function removeFrom<K, V>(map: Map<K, V[]>, key: K, item: V): boolean {
  const items = map.get(key);
  if (!items) return false;
  const at = items.indexOf(item);
  if (at >= 0) items.splice(at, 1);
  return items.length === 0;
}

/** `row` holds other rows (ROW_SELECTOR: list items and nested grids count), through its shadow roots. */
function holdsRows(row: Element): boolean {
  return row.querySelector(ROW_SELECTOR) !== null || openShadowRoots(row).some((root) => root.querySelector(ROW_SELECTOR) !== null);
}

/** A group key that is not a grid row: the page (details pages) is not counted, it is never looked up. */
function isOutsideRows(key: object): boolean {
  return key instanceof Node && !(key instanceof Element && key.matches(ROW_SELECTOR));
}

/**
 * The status a details page's "Status" field shows (a <dt>/<dd> pair in the root of what was found),
 * null when none does. The Status control's current choice is not the status (the partner may not
 * submit it): only the field's text counts, as the page reading does.
 */
function detailsStatus(group: RowGroup): SubscriptionStatus | null {
  const node = [...group.skus.keys(), ...group.renewals.keys()].find((n) => n.isConnected);
  const root = node?.getRootNode();
  if (!(root instanceof Document || root instanceof ShadowRoot)) return null;
  for (const term of root.querySelectorAll('dt, [role="term"]')) {
    const value = term.nextElementSibling;
    if (!value || !(value.localName === 'dd' || value.getAttribute('role') === 'definition') || value.querySelector('select, [role="combobox"]')) continue;
    const status = statusFromLabelledText(`${term.textContent ?? ''} ${value.textContent ?? ''}`);
    if (status) return status;
  }
  return null;
}

/** The status a grid row's cells show ("Suspended"), null when none does or the SKU is not in a row. */
function rowStatus(group: RowGroup): SubscriptionStatus | null {
  if (group.outsideRows) return null;
  for (const node of group.skus.keys()) {
    const row = node.isConnected ? rowOf(node) : null;
    if (!row) continue;
    const cells = row.querySelectorAll('td, [role="gridcell"], [role="cell"]');
    for (const cell of cells.length > 0 ? cells : row.children) {
      const status = statusFromCell(cell.textContent ?? '');
      if (status) return status;
    }
    return null;
  }
  return null;
}

function firstRenewal(group: RowGroup): RenewalInfo | null {
  for (const entry of group.renewals.values()) return entry.status;
  return null;
}

/**
 * Updates the mount in place, or mounts anew right after `node` when there is none or the page
 * removed ours (a framework re-render can drop foreign nodes and keep its own text node).
 */
function place(node: Text, mount: ShadowMount | null, ui: ComponentChild, name: string, css: string): ShadowMount {
  const after = placementAfter(node);
  if (mount && mount.host.isConnected && mount.host.parentNode === after.parentNode) {
    // The page may have moved its cell content to another slot (rows reused in place).
    if (after instanceof Element && mount.host.slot !== after.slot) mount.host.slot = after.slot;
    mount.update(ui);
    return mount;
  }
  mount?.remove();
  return mountInShadow(ui, { name, css, place: { after } });
}

/**
 * The badge goes right after the text, or right after the link, button or label that holds it: a
 * button inside Partner Center's link would navigate, inside a label it would tick the checkbox,
 * when the partner only wants the details. Partner Center's links are components too
 * (`customersvcadmin_he-button appearance="link"`, the text slotted into its own button).
 */
function anchorOf(node: Text): Element | null {
  const placement = placementAfter(node);
  return placement instanceof Element ? placement : node.parentElement;
}

/** Where an annotation for `node` goes: after the link, button or label holding it, else after the text. */
export function placementAfter(node: Text): Node {
  const parent = node.parentElement;
  if (!parent) return node;
  return parent.closest('a, button, label, [role="link"], [role="button"]') ?? interactiveComponentOf(parent) ?? node;
}

/** A button or link component (`…he-button`, `…-link`) holding `element` in its light DOM. */
const INTERACTIVE_COMPONENT = /(?:^|[-_])(?:button|link)$/;

/** The text's parent or grandparent, if it is a link or button component (its text is slotted into its control). */
function interactiveComponentOf(element: Element): Element | null {
  for (let current: Element | null = element, depth = 0; current && depth < 2; current = current.parentElement, depth++) {
    if (current.localName.includes('-') && current.shadowRoot && INTERACTIVE_COMPONENT.test(current.localName)) return current;
  }
  return null;
}
