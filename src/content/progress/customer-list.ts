import { findGuid } from '../../core/partner-center-urls.ts';
import type { Relationship } from '../../core/observation.ts';
import type { CustomerRow } from '../../core/page-reading.ts';
import { columnIndex, tidyText, type PageSnapshot } from './page-snapshot.ts';

/**
 * The customers list: who each customer is (tenant GUID, name) and whether the partner has a
 * relationship with them yet. A customer without one must accept an invite before anything can be
 * bought for them; the checklist says so on their pages. Column wordings are unconfirmed (EN/FR/DE/ES
 * guesses from the docs), so a column we cannot read is simply not reported.
 */
const NAME_HEADERS = ['name', 'customer', 'customer name', 'company name', 'company', 'nom', 'client', 'nom du client', 'nombre', 'cliente', 'kunde', 'kundenname', 'firmenname'];
const RELATIONSHIP_HEADERS = ['relationship', 'relationships', 'relation', 'relations', 'beziehung', 'beziehungen', 'relación', 'relacion'];

/** The relationship a cell states, or null when it says nothing we recognise. */
export function relationshipFromText(text: string): Relationship | null {
  const value = tidyText(text).toLowerCase();
  if (!value) return null;
  if (/\b(?:no relationship|none|aucune relation|keine beziehung|sin relación|sin relacion)\b|invite|invitation|einladung|invitación/u.test(value)) return 'none';
  if (/indirect reseller|revendeur indirect|indirekter (?:wieder)?verkäufer|revendedor indirecto/u.test(value)) return 'indirect-reseller';
  if (/reseller|revendeur|wiederverkäufer|handelspartner|revendedor|distribuidor/u.test(value)) return 'reseller';
  if (/advisor|conseiller|berater|asesor/u.test(value)) return 'advisor';
  return null;
}

export function readCustomerList(snapshot: PageSnapshot): CustomerRow[] {
  const rows = new Map<string, CustomerRow>();
  for (const table of snapshot.tables) {
    const nameColumn = columnIndex(table.headers, NAME_HEADERS);
    const relationshipColumn = columnIndex(table.headers, RELATIONSHIP_HEADERS);
    if (relationshipColumn < 0 && nameColumn < 0) continue;
    for (const cells of table.rows) {
      const customerId = cells.map(findGuid).find(Boolean);
      if (!customerId) continue;
      const name = nameColumn >= 0 ? tidyText(cells[nameColumn] ?? '') : '';
      const row: CustomerRow = {
        customerId,
        name: name && !findGuid(name) ? name : null,
        relationship: relationshipColumn >= 0 ? relationshipFromText(cells[relationshipColumn] ?? '') : null,
      };
      if (row.name !== null || row.relationship !== null) rows.set(customerId, row);
    }
  }
  return [...rows.values()];
}
