/**
 * The subscription rows a page shows that matter to a migration — a retired SKU or a Dynamics 365
 * product — or to the tracker: a current product that will not renew (its row says "Expires on"),
 * with their status, seat count, channel and the row's text, as `SubscriptionFact`s
 * (src/core/page-progress.ts). The page reading sends them (without the classification, which the
 * worker redoes under its own rules); the suspend guard asks whether a details page is a retired one.
 */
import type { SubscriptionFact } from '../../core/page-progress.ts';
import { FIELDS_MAX, type LabelledField } from '../../core/page-reading.ts';
import { columnIndex, tidyText, type PageSnapshot, type PageTable } from './page-snapshot.ts';
import type { ProductMatchers } from '../../core/product-matchers.ts';
import { runToEnd } from '../lib/yield-to-page.ts';
import { statusFromCell, statusFromLabelledText } from './status-words.ts';
import { mayStateExpiry } from '../badge/renewal-candidate.ts';

const QUANTITY_HEADERS = ['quantity', 'quantité', 'menge', 'anzahl', 'cantidad', 'licenses', 'licences', 'lizenzen', 'licencias', 'seats'];
const STATUS_HEADERS = ['status', 'état', 'etat', 'estado'];
const CHANNEL_HEADERS = ['channel', 'canal', 'kanal', 'sales channel', 'canal de vente', 'vertriebskanal', 'canal de venta'];
/**
 * The product column of a subscriptions grid, for a row naming no catalog product (a current product
 * that will not renew). Partner Center's header wording is a guess; without one of these, the column
 * where the grid's catalog products were found, else the first.
 */
const PRODUCT_HEADERS = ['product', 'produit', 'produkt', 'producto', 'offer', 'offre', 'angebot', 'oferta', 'name', 'nom', 'nombre', 'subscription', 'abonnement', 'suscripción'];

/**
 * The purchase channel a cell states. Partner Center's wording is unconfirmed: "CSP" means ours;
 * a named other programme (Open, Enterprise Agreement, MOSP/Web Direct) means another channel.
 */
export function channelFromText(text: string | undefined): 'csp' | 'other' | null {
  const value = tidyText(text ?? '').toLowerCase();
  if (!value) return null;
  if (/\b(?:csp|cloud solution provider)\b/u.test(value)) return 'csp';
  if (/\b(?:open|enterprise agreement|ea|mosp|web direct|direct)\b/u.test(value)) return 'other';
  return null;
}

function quantityFrom(cell: string | undefined): number | null {
  const digits = tidyText(cell ?? '').replace(/[\s.,\u202f]/gu, '');
  if (!/^\d{1,7}$/u.test(digits)) return null;
  return Number(digits);
}

type Classify = (name: string) => Pick<SubscriptionFact, 'retired' | 'target'> | null;

/** What a cell names, remembered per text for one read: a grid repeats the same few product names. */
function classifier(matchers: ProductMatchers): Classify {
  const seen = new Map<string, ReturnType<Classify>>();
  return (name) => {
    let kind = seen.get(name);
    if (kind === undefined) {
      // Retired first: a legacy name never counts as its own replacement.
      const retired = matchers.retired(name);
      const target = retired ? null : matchers.target(name);
      kind = retired ? { retired, target: null } : target ? { retired: null, target } : null;
      seen.set(name, kind);
    }
    return kind;
  };
}

/** A row's values under their labels, sent only where both exist (a grid without headers has none). */
function labelled(labels: readonly string[], values: readonly string[]): Pick<SubscriptionFact, 'fields'> {
  const fields: LabelledField[] = [];
  for (const [index, raw] of labels.entries()) {
    const label = tidyText(raw);
    const value = tidyText(values[index] ?? '');
    if (label && value && fields.length < FIELDS_MAX) fields.push({ label, value });
  }
  return fields.length > 0 ? { fields } : {};
}

/** Rows read between two yields of a sliced read. */
const ROWS_PER_STEP = 100;

function* factsFromTable(table: PageTable, classify: Classify): Generator<void, SubscriptionFact[]> {
  const quantityColumn = columnIndex(table.headers, QUANTITY_HEADERS);
  const statusColumn = columnIndex(table.headers, STATUS_HEADERS);
  const channelColumn = columnIndex(table.headers, CHANNEL_HEADERS);
  let productColumn = columnIndex(table.headers, PRODUCT_HEADERS);
  const facts: SubscriptionFact[] = [];
  let read = 0;
  for (const cells of table.rows) {
    if (++read % ROWS_PER_STEP === 0) yield;
    let found: { name: string; kind: Pick<SubscriptionFact, 'retired' | 'target'> } | null = null;
    for (const [index, cell] of cells.entries()) {
      if (index === quantityColumn || index === statusColumn || index === channelColumn) continue;
      const kind = classify(cell);
      if (kind) {
        found = { name: tidyText(cell), kind };
        if (productColumn < 0) productColumn = index;
        break;
      }
    }
    // No catalog product: a current product, worth sending only when it will not renew (the worker
    // parses the date; this is the renewal chip's cheap filter, one test per cell).
    if (!found) {
      const name = tidyText(cells[Math.max(0, productColumn)] ?? '');
      if (name && !mayStateExpiry(name) && cells.some(mayStateExpiry)) found = { name, kind: { retired: null, target: null } };
    }
    if (!found) continue;
    const statusCell = statusColumn >= 0 ? cells[statusColumn] : undefined;
    const status =
      (statusCell !== undefined ? (statusFromCell(statusCell) ?? statusFromLabelledText(statusCell)) : null) ??
      cells.map(statusFromCell).find((s) => s !== null) ??
      cells.map(statusFromLabelledText).find((s) => s !== null) ??
      null;
    facts.push({
      name: found.name,
      ...found.kind,
      status,
      quantity: quantityColumn >= 0 ? quantityFrom(cells[quantityColumn]) : null,
      channel: channelColumn >= 0 ? channelFromText(cells[channelColumn]) : null,
      text: tidyText(cells.join(' · ')),
      ...labelled(table.headers, cells),
    });
  }
  return facts;
}

/**
 * A subscription details page: the product is the page heading, the status a "Status" field (not the
 * Status control's current choice, which the partner may change without submitting).
 */
function factFromDetails(snapshot: PageSnapshot, classify: Classify): SubscriptionFact | null {
  for (const heading of snapshot.headings) {
    const kind = classify(heading);
    if (!kind) continue;
    const statusField = snapshot.fields.find((f) => STATUS_HEADERS.includes(tidyText(f.label).replace(/:$/u, '').toLowerCase()));
    const status = statusField ? (statusFromCell(statusField.value) ?? statusFromLabelledText(statusField.value)) : null;
    const quantityField = snapshot.fields.find((f) => QUANTITY_HEADERS.includes(tidyText(f.label).replace(/:$/u, '').toLowerCase()));
    const channelField = snapshot.fields.find((f) => CHANNEL_HEADERS.includes(tidyText(f.label).replace(/:$/u, '').toLowerCase()));
    const fieldsText = snapshot.fields.map((f) => `${tidyText(f.label)} ${tidyText(f.value)}`).join(' · ');
    return {
      name: tidyText(heading),
      ...kind,
      status,
      quantity: quantityField ? quantityFrom(quantityField.value) : null,
      channel: channelField ? channelFromText(channelField.value) : null,
      text: tidyText(`${heading} · ${fieldsText}`),
      ...labelled(
        snapshot.fields.map((f) => f.label),
        snapshot.fields.map((f) => f.value),
      ),
    };
  }
  return null;
}

/** Every retired or target subscription the page shows, from its grids, else from a details layout; as steps (see read-page.ts). */
export function* subscriptionFactsSteps(snapshot: PageSnapshot, matchers: ProductMatchers): Generator<void, SubscriptionFact[]> {
  const classify = classifier(matchers);
  const fromTables: SubscriptionFact[] = [];
  for (const table of snapshot.tables) fromTables.push(...(yield* factsFromTable(table, classify)));
  if (fromTables.length > 0) return fromTables;
  const details = factFromDetails(snapshot, classify);
  return details ? [details] : [];
}

export function readSubscriptionFacts(snapshot: PageSnapshot, matchers: ProductMatchers): SubscriptionFact[] {
  return runToEnd(subscriptionFactsSteps(snapshot, matchers));
}
