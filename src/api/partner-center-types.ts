/**
 * The Partner Center REST shapes the scan reads, and the guards that turn untrusted JSON into them.
 * Only the fields the extension uses are typed; everything else in a payload is ignored. A guard never
 * throws: a payload that does not have the shape is reported as such, with what was wrong.
 */
import { isGuid } from '../core/partner-center-urls.ts';
import type { LicenseSku, SubscribedSku } from '../core/license-move-plan.ts';

export interface ApiLink {
  uri: string;
  method?: string;
  headers?: { key: string; value: string }[];
}

export interface ApiCustomer {
  /** The customer's tenant id (GUID). */
  id: string;
  companyName: string | null;
  domain: string | null;
  /** Raw `relationshipToPartner`, e.g. "reseller", "advisor", "none". */
  relationshipToPartner: string | null;
}

export interface ApiPage<T> {
  totalCount: number | null;
  items: T[];
  continuationToken: string | null;
}

export type ApiCustomerPage = ApiPage<ApiCustomer>;

export interface ApiSubscription {
  id: string;
  offerId: string | null;
  offerName: string | null;
  friendlyName: string | null;
  quantity: number | null;
  status: string | null;
  autoRenewEnabled: boolean | null;
  /** Raw date strings: possibly malformed, parsed later by parseApiDate. */
  commitmentEndDate: string | null;
  effectiveStartDate: string | null;
  billingType: string | null;
  /** The reseller of record for indirect (two-tier) sales. */
  partnerId: string | null;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

type Json = Record<string, unknown>;

const MAX_ITEMS = 10_000;
/** Printable ASCII, no spaces at the ends (what an HTTP header can carry); bounded so it fits a checkpoint. */
const CONTINUATION_TOKEN = /^(?=[\s\S]{1,16000}$)[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown, max = 2_000): string | null {
  return typeof value === 'string' && value.length <= max ? value : null;
}

/** Only `items` is required; a malformed item is skipped (and counted), never fatal to the page. */
function items(body: unknown): Parsed<{ list: unknown[]; root: Json }> {
  if (!isObject(body)) return { ok: false, problem: 'response is not a JSON object' };
  const list = body.items;
  if (!Array.isArray(list)) return { ok: false, problem: 'response has no "items" array' };
  if (list.length > MAX_ITEMS) return { ok: false, problem: `response has ${list.length} items (limit ${MAX_ITEMS})` };
  return { ok: true, value: { list, root: body } };
}

export function parseCustomer(value: unknown): ApiCustomer | null {
  if (!isObject(value)) return null;
  const profile = isObject(value.companyProfile) ? value.companyProfile : {};
  const id = str(value.id) ?? str(profile.tenantId);
  if (!id || !isGuid(id)) return null;
  return {
    id: id.toLowerCase(),
    companyName: str(profile.companyName, 500),
    domain: str(profile.domain, 500),
    relationshipToPartner: str(value.relationshipToPartner, 100),
  };
}

/**
 * A paged collection: its valid items (a malformed one is skipped and counted), `totalCount` when
 * the API gives one, and the continuation token for the next page.
 */
export function parsePage<T>(body: unknown, parseItem: (value: unknown) => T | null): Parsed<ApiPage<T> & { skipped: number }> {
  const parsed = items(body);
  if (!parsed.ok) return parsed;
  const all = parsed.value.list.map(parseItem);
  const valid = all.filter((item): item is T => item !== null);
  const total = parsed.value.root.totalCount;
  const token = parsed.value.root.continuationToken;
  // It goes back in the MS-ContinuationToken header and into the checkpoint: it must be a header value.
  if (token !== undefined && token !== null && token !== '' && !(typeof token === 'string' && CONTINUATION_TOKEN.test(token))) {
    return { ok: false, problem: 'continuationToken is not a header value of at most 16,000 characters' };
  }
  return {
    ok: true,
    value: {
      items: valid,
      skipped: all.length - valid.length,
      totalCount: typeof total === 'number' && Number.isFinite(total) && total >= 0 ? total : null,
      continuationToken: typeof token === 'string' && token !== '' ? token : null,
    },
  };
}

export function parseCustomerPage(body: unknown): Parsed<ApiCustomerPage & { skipped: number }> {
  return parsePage(body, parseCustomer);
}

export function parseSubscription(value: unknown): ApiSubscription | null {
  if (!isObject(value)) return null;
  const id = str(value.id, 200);
  if (!id) return null;
  const quantity = value.quantity;
  const autoRenew = value.autoRenewEnabled;
  return {
    id,
    offerId: str(value.offerId, 200),
    offerName: str(value.offerName, 500),
    friendlyName: str(value.friendlyName, 500),
    quantity: typeof quantity === 'number' && Number.isFinite(quantity) && quantity >= 0 ? Math.floor(quantity) : null,
    status: str(value.status, 50),
    autoRenewEnabled: typeof autoRenew === 'boolean' ? autoRenew : null,
    commitmentEndDate: str(value.commitmentEndDate, 100),
    effectiveStartDate: str(value.effectiveStartDate, 100),
    billingType: str(value.billingType, 50),
    partnerId: str(value.partnerId, 100),
  };
}

export function parseSubscriptionList(body: unknown): Parsed<{ items: ApiSubscription[]; skipped: number }> {
  const parsed = items(body);
  if (!parsed.ok) return parsed;
  const subs = parsed.value.list.map(parseSubscription);
  const valid = subs.filter((s): s is ApiSubscription => s !== null);
  return { ok: true, value: { items: valid, skipped: subs.length - valid.length } };
}

/** A customer's user account (`GET /customers/{id}/users`). */
export interface ApiUser {
  id: string;
  displayName: string;
  userPrincipalName: string | null;
}

export function parseUser(value: unknown): ApiUser | null {
  if (!isObject(value)) return null;
  const id = str(value.id, 100);
  if (!id || !isGuid(id)) return null;
  const upn = str(value.userPrincipalName, 500);
  const name = str(value.displayName, 500)?.trim() || [str(value.firstName, 200), str(value.lastName, 200)].filter(Boolean).join(' ').trim();
  return { id: id.toLowerCase(), displayName: name || upn || id, userPrincipalName: upn };
}

/** `productSku` of a license or a subscribed SKU. */
function parseProductSku(value: unknown): LicenseSku | null {
  if (!isObject(value)) return null;
  const skuId = str(value.id, 200)?.trim();
  if (!skuId) return null;
  return {
    skuId,
    name: str(value.name, 500)?.trim() || skuId,
    skuPartNumber: str(value.skuPartNumber, 200),
    licenseGroupId: str(value.licenseGroupId, 100),
  };
}

/** One of a user's licenses (`GET /customers/{id}/users/{uid}/licenses`). */
export function parseLicense(value: unknown): LicenseSku | null {
  return isObject(value) ? parseProductSku(value.productSku) : null;
}

/** One of the customer's subscribed SKUs (`GET /customers/{id}/subscribedskus`). */
export function parseSubscribedSku(value: unknown): SubscribedSku | null {
  if (!isObject(value)) return null;
  const sku = parseProductSku(value.productSku);
  if (!sku) return null;
  const units = value.availableUnits;
  return { ...sku, availableUnits: typeof units === 'number' && Number.isFinite(units) ? units : 0 };
}

/** Partner Center's error body `{ code, description }` (or `{ statusCode, message }` from the gateway). */
export function parseApiError(body: unknown): { code: string | null; description: string | null } {
  if (!isObject(body)) return { code: null, description: null };
  const code = body.code ?? body.errorCode ?? body.statusCode;
  const description = body.description ?? body.message;
  return {
    code: typeof code === 'string' || typeof code === 'number' ? String(code).slice(0, 100) : null,
    description: typeof description === 'string' ? description.slice(0, 500) : null,
  };
}
