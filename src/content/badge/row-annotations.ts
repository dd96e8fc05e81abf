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
 */
import { h, type ComponentChild } from 'preact';
import type { SkuMatch } from '../../core/catalog.ts';
import type { RenewalInfo } from '../../core/observation.ts';
import type { PageContext } from '../feature.ts';
import { forEachText, rowOf } from '../deep-dom.ts';
import { mountInShadow, type ShadowMount } from '../shadow-host.ts';
import { badgeModel, expiryOf } from './badge-model.ts';
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
  mount: ShadowMount | null;
}

interface RowGroup {
  skus: Map<Text, SkuEntry>;
  renewals: Map<Text, RenewalEntry>;
}

export class RowAnnotations {
  private readonly groups = new Map<object, RowGroup>();
  private readonly groupOf = new Map<Text, object>();
  /** Rows changed in the current scanner pass; rendered once, at the end of the pass. */
  private readonly dirty = new Set<RowGroup>();
  /**
   * Renewal texts in rows without a retired SKU (nearly all of a grid): kept aside with no row
   * look-up at all, and adopted if a retired SKU shows up in their row later.
   */
  private readonly loose = new Map<Text, RenewalInfo>();

  /** Anchors that have been near the viewport: their annotations mount at once from now on. */
  private readonly revealed = new WeakSet<Element>();
  /** Anchors not yet near the viewport, and the rows waiting on them. */
  private readonly waiting = new Map<Element, Set<RowGroup>>();
  private observer: IntersectionObserver | null = null;

  constructor(
    private readonly page: PageContext,
    signal: AbortSignal,
    private readonly thresholds: UrgencyThresholds = DEFAULT_URGENCY_THRESHOLDS,
    private readonly doc: Document = document,
  ) {
    signal.addEventListener('abort', () => {
      this.observer?.disconnect();
      this.waiting.clear();
    }, { once: true });
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

  addRenewal(node: Text, status: RenewalInfo): Cleanup {
    const key = this.page.kind === 'subscription-details' ? this.page : this.skuRowAbove(node);
    if (key === null) {
      this.loose.set(node, status);
    } else {
      this.placeRenewal(node, status, key);
    }
    return () => {
      if (!this.loose.delete(node)) this.removeNode(node);
    };
  }

  private placeRenewal(node: Text, status: RenewalInfo, key: object): void {
    const group = this.group(key);
    group.renewals.set(node, { status, mount: null });
    this.groupOf.set(node, key);
    this.dirty.add(group);
  }

  /** The row above `node` that holds a retired SKU, if any: a walk up, no selector matching. */
  private skuRowAbove(node: Text): object | null {
    let current: Node | null = node.parentNode;
    while (current) {
      if (this.groups.has(current)) return current;
      current = current instanceof ShadowRoot ? current.host : current.parentNode;
    }
    return null;
  }

  /** A retired SKU appeared in a row: its renewal texts, seen earlier, now belong to it. */
  private adoptLooseRenewals(row: Node): void {
    forEachText(row, (text) => {
      const status = this.loose.get(text);
      if (status === undefined) return;
      this.loose.delete(text);
      this.placeRenewal(text, status, row);
    });
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
      group = { skus: new Map(), renewals: new Map() };
      this.groups.set(key, group);
    }
    return group;
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
        this.loose.set(text, renewal.status);
      }
      this.groups.delete(key);
      this.dirty.delete(group);
      return;
    }
    if (group.skus.size === 0 && group.renewals.size === 0) {
      this.groups.delete(key);
      this.dirty.delete(group);
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
      this.observer?.unobserve(anchor);
    }
  }

  private intersections(): IntersectionObserver {
    this.observer ??= new IntersectionObserver(
      (entries) =>
        timed(this.doc, () => {
          for (const entry of entries) {
            if (!entry.isIntersecting) continue;
            const anchor = entry.target;
            this.revealed.add(anchor);
            this.observer?.unobserve(anchor);
            for (const group of this.waiting.get(anchor) ?? []) this.dirty.add(group);
            this.waiting.delete(anchor);
          }
          this.flush();
        }),
      // About a screen above and below: badges are there before the partner scrolls to them.
      { rootMargin: '100% 0px 100% 0px' },
    );
    return this.observer;
  }

  private refresh(group: RowGroup): void {
    const renewal = firstRenewal(group);
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
      const ui = h(RetiredBadge, { model: badgeModel(entry.match, renewal, this.page.today, this.thresholds), customerId: this.page.customerId });
      entry.mount = place(node, entry.mount, ui, 'badge', BADGE_CSS);
    }
    const retiredInRow = group.skus.size > 0;
    for (const [node, entry] of group.renewals) {
      const expiry = entry.status.kind === 'expires' ? expiryOf(entry.status.date, this.page.today, this.thresholds) : null;
      if (!retiredInRow || (entry.status.kind === 'expires' && !expiry)) {
        entry.mount?.remove();
        entry.mount = null;
        continue;
      }
      if (!this.isRevealed(node, group)) continue;
      const ui = expiry ? h(RenewalChip, { kind: 'expires', expiry }) : h(RenewalChip, { kind: 'auto-renews' });
      entry.mount = place(node, entry.mount, ui, 'renewal', CHIP_CSS);
    }
  }
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
  if (mount && mount.host.isConnected && mount.host.parentNode === placementAfter(node).parentNode) {
    mount.update(ui);
    return mount;
  }
  mount?.remove();
  return mountInShadow(ui, { name, css, place: { after: placementAfter(node) } });
}

/**
 * The badge goes right after the text, or right after the link, button or label that holds it: a
 * button inside Partner Center's link would navigate, inside a label it would tick the checkbox,
 * when the partner only wants the details.
 */
function anchorOf(node: Text): Element | null {
  const placement = placementAfter(node);
  return placement instanceof Element ? placement : node.parentElement;
}

/** Where an annotation for `node` goes: after the link, button or label holding it, else after the text. */
export function placementAfter(node: Text): Node {
  return node.parentElement?.closest('a, button, label, [role="link"], [role="button"]') ?? node;
}
