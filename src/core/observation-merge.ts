/**
 * How an observation (a page read or an API scan) updates what the tracker knows about a customer.
 * Pure: the worker reads the current records, calls `mergeObservation`, writes what it returns.
 *
 * Identity of a subscription: its Partner Center id when known, else its normalised name. A
 * subscription first seen by name on a page and later with its id (API, details page) is upgraded in
 * place: the name-keyed record is replaced by the id-keyed one, never duplicated. A name-only
 * sighting that fits several id-keyed records of the same offer updates none of them.
 * Freshness: an observation older than what is stored never overwrites it (an API scan that started
 * before a page read must not undo it); fields an observation does not carry keep their stored value.
 */
import type { CustomerObservation, SubscriptionObservation } from './observation.ts';
import type { CustomerRecord, SubscriptionRecord } from './records.ts';
import { normalizeForMatch } from './normalize-name.ts';

export function nameKey(name: string): string {
  return normalizeForMatch(name).text;
}

export function subscriptionKey(customerId: string, sub: Pick<SubscriptionObservation, 'subscriptionId' | 'name'>): string {
  return sub.subscriptionId ? `${customerId}|id:${sub.subscriptionId.toLowerCase()}` : `${customerId}|name:${nameKey(sub.name)}`;
}

export interface ObservationMerge {
  /**
   * The customer as it now stands; null when the observation creates nothing (a complete list with
   * no subscriptions for a customer never seen: an API scan reports every customer of the partner).
   */
  customer: CustomerRecord | null;
  customerChanged: boolean;
  put: SubscriptionRecord[];
  /**
   * Keys to remove: name-keyed records superseded by an id-keyed one, and API-sourced records a
   * complete observation no longer lists.
   */
  delete: string[];
  /**
   * Records in `put` whose content changed (new, or name/id/quantity/status/renewal/channel
   * differ), as opposed to a sighting that only refreshes `seenAt`. Only these are logged and
   * broadcast: revisiting a page must not wake every open overlay.
   */
  changed: SubscriptionRecord[];
}

const CONTENT_FIELDS = ['name', 'subscriptionId', 'quantity', 'status', 'renewal', 'channel', 'commerce'] as const;

function sameContent(a: SubscriptionRecord | undefined, b: SubscriptionRecord): boolean {
  return !!a && a.key === b.key && CONTENT_FIELDS.every((f) => sameJson(a[f], b[f]));
}

const SUB_FIELDS = ['quantity', 'status', 'renewal', 'channel', 'commerce'] as const;

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function mergeObservation(existing: CustomerRecord | null | undefined, stored: readonly SubscriptionRecord[], obs: CustomerObservation): ObservationMerge {
  const seenAt = obs.seenAt;
  if (!existing && obs.complete && obs.subscriptions.length === 0) {
    return { customer: null, customerChanged: false, put: [], delete: [], changed: [] };
  }
  const customer: CustomerRecord = existing
    ? { ...existing }
    : {
        customerId: obs.customerId,
        name: null,
        relationship: 'unknown',
        firstSeenAt: seenAt,
        lastSeenAt: seenAt,
        lastEvidence: obs.evidence,
        overlayOpen: false,
      };
  const fresher = !existing || seenAt >= existing.lastSeenAt;
  if (fresher) {
    if (obs.customerName) customer.name = obs.customerName;
    if (obs.relationship && obs.relationship !== 'unknown') customer.relationship = obs.relationship;
    customer.lastSeenAt = seenAt;
    customer.lastEvidence = obs.evidence;
  } else {
    // An older observation may still fill what we never knew.
    if (!customer.name && obs.customerName) customer.name = obs.customerName;
    if (customer.relationship === 'unknown' && obs.relationship) customer.relationship = obs.relationship;
  }
  if (seenAt < customer.firstSeenAt) customer.firstSeenAt = seenAt;
  const customerChanged = !existing || !sameJson(existing, customer);

  const byKey = new Map(stored.map((s) => [s.key, s]));
  const byName = new Map<string, SubscriptionRecord[]>();
  for (const s of stored) {
    const k = nameKey(s.name);
    byName.set(k, [...(byName.get(k) ?? []), s]);
  }
  const put: SubscriptionRecord[] = [];
  const deleted: string[] = [];
  const written = new Map<string, SubscriptionRecord>();
  /** Keys of the stored records this observation speaks for (changed or not). */
  const listed = new Set<string>();

  for (const sub of obs.subscriptions) {
    const key = subscriptionKey(obs.customerId, sub);
    let base = written.get(key) ?? byKey.get(key);
    if (!base) {
      // Same subscription seen by name before (or seen with an id, now seen by name on a page).
      const sameName = (byName.get(nameKey(sub.name)) ?? []).filter((s) => !deleted.includes(s.key));
      if (sub.subscriptionId) {
        const nameKeyed = sameName.find((s) => !s.subscriptionId);
        if (nameKeyed) {
          base = nameKeyed;
          deleted.push(nameKeyed.key);
        }
      } else if (sameName.length === 1) {
        base = sameName[0];
      } else if (sameName.length > 1) {
        // Two subscriptions of the same offer, both known by id (a name-keyed one would have matched
        // by key): a row without an id cannot say which one it is. Update neither, and create no
        // third record that no later sighting could ever match or clear.
        continue;
      }
    }
    const targetKey = base && !sub.subscriptionId && base.subscriptionId ? base.key : key;
    listed.add(targetKey);
    const next: SubscriptionRecord = base ? { ...base, key: targetKey } : { key: targetKey, customerId: obs.customerId, name: sub.name, source: obs.source, evidence: obs.evidence, seenAt };
    if (!base || seenAt >= base.seenAt) {
      next.name = sub.name;
      if (sub.subscriptionId) next.subscriptionId = sub.subscriptionId;
      for (const field of SUB_FIELDS) {
        if (sub[field] !== undefined) (next as unknown as Record<string, unknown>)[field] = sub[field];
      }
      next.source = obs.source;
      next.evidence = obs.evidence;
      next.seenAt = seenAt;
    } else {
      for (const field of SUB_FIELDS) {
        if (next[field] === undefined && sub[field] !== undefined) (next as unknown as Record<string, unknown>)[field] = sub[field];
      }
    }
    const previous = byKey.get(targetKey);
    if (!previous || !sameJson(previous, next) || base?.key !== targetKey) {
      written.set(targetKey, next);
    }
  }
  put.push(...written.values());
  // A complete list (an API read of every subscription) retires what the API recorded before and no
  // longer lists: de-provisioned, or no longer worth tracking (an "Expires on" turned back to
  // auto-renew). Page sightings are left alone (a page may show only some), and so is anything seen
  // after this observation was taken.
  const retired = obs.complete ? stored.filter((s) => s.source === 'api' && !listed.has(s.key) && !deleted.includes(s.key) && s.seenAt < seenAt).map((s) => s.key) : [];
  const storedByKey = new Map(stored.map((s) => [s.key, s]));
  const changed = put.filter((record) => {
    const before = storedByKey.get(record.key) ?? stored.find((s) => deleted.includes(s.key) && nameKey(s.name) === nameKey(record.name));
    return !sameContent(before ? { ...before, key: record.key } : undefined, record);
  });
  return { customer, customerChanged, put, delete: [...deleted.filter((k) => !written.has(k)), ...retired], changed };
}
