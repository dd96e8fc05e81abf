/**
 * The licensing half of the fake Partner Center API: a customer's users (paged), each user's
 * licenses, the customer's subscribed SKUs, and `POST .../users/{uid}/licenseupdates`, shaped after
 * Microsoft's REST reference (201 with a LicenseUpdate; 400 with code 60012 "run out of licenses";
 * every license of one request in the same license group). Free units are what a SKU's total leaves
 * after the users holding it, so a move that assigns more than exist is refused as the real one is.
 */
export interface FakeUser {
  id: string;
  displayName: string;
  userPrincipalName: string;
  skuIds: string[];
}

export interface FakeSku {
  skuId: string;
  name: string;
  skuPartNumber: string;
  licenseGroupId: string;
  totalUnits: number;
}

export interface FakeLicensing {
  users: FakeUser[];
  skus: FakeSku[];
}

export interface FakeError {
  status: number;
  code: number;
  description: string;
}

export interface LicenseKnobs {
  /** Users per page of `/users`, whatever `size` asks. */
  usersPageSize?: number;
  /** A user's licenseupdates refused with this answer, nothing applied (e.g. one user the API rejects). */
  licenseUpdateFailure?(userId: string): FakeError | null;
  /** The update is applied but the answer is a 500 (an answer lost on the way). */
  applyThenFail?(userId: string): boolean;
}

type Json = (status: number, body: unknown, headers?: Record<string, string>) => { status: number; headers: Record<string, string>; body: string };

const error = (json: Json, e: FakeError) => json(e.status, { code: e.code, description: e.description, data: [], source: 'PartnerApiFake' });

export const OUT_OF_LICENSES: FakeError = {
  status: 400,
  code: 60012,
  description: "We're sorry, it looks like you've run out of licenses. Buy more licenses, and then try again.",
};

export function freeUnitsOf(licensing: FakeLicensing, skuId: string): number {
  const sku = licensing.skus.find((s) => s.skuId === skuId);
  if (!sku) return 0;
  return sku.totalUnits - licensing.users.filter((u) => u.skuIds.includes(skuId)).length;
}

function productSku(sku: FakeSku) {
  return { id: sku.skuId, name: sku.name, skuPartNumber: sku.skuPartNumber, targetType: 'User', licenseGroupId: sku.licenseGroupId };
}

/**
 * Routes for `/v1/customers/{id}/users...` and `/subscribedskus`; null for any other path. `applied`
 * counts the license updates applied per user, for "exactly once" assertions.
 */
export function licensingRoutes(options: { licensingOf(customerId: string): FakeLicensing | null; knobs: LicenseKnobs; json: Json; tokenGeneration(): number; applied: Map<string, number> }) {
  const { json, knobs } = options;
  const notFound = (what: string) => error(json, { status: 404, code: 600008, description: `The requested ${what} was not found.` });
  return (method: string, url: URL, headers: Record<string, string | undefined>, body: string) => {
    const match = /^\/v1\/customers\/([^/]+)\/(users|subscribedskus)(?:\/([^/]+)\/(licenses|licenseupdates))?\/?$/.exec(url.pathname);
    if (!match) return null;
    const [, customerId = '', collection, userId, userPart] = match.map((m) => (m === undefined ? undefined : decodeURIComponent(m)));
    const licensing = options.licensingOf(customerId.toLowerCase());
    if (!licensing) return notFound('customer');
    if (collection === 'subscribedskus' && method === 'GET') {
      const items = licensing.skus.map((sku) => {
        const consumed = licensing.users.filter((u) => u.skuIds.includes(sku.skuId)).length;
        return {
          availableUnits: sku.totalUnits - consumed,
          activeUnits: sku.totalUnits,
          consumedUnits: consumed,
          suspendedUnits: 0,
          totalUnits: sku.totalUnits,
          warningUnits: 0,
          productSku: productSku(sku),
          servicePlans: [],
          capabilityStatus: 'Enabled',
          attributes: { objectType: 'SubscribedSku' },
        };
      });
      return json(200, { totalCount: items.length, items, attributes: { objectType: 'Collection' } });
    }
    if (collection !== 'users') return null;
    if (userId === undefined && method === 'GET') {
      const size = knobs.usersPageSize ?? 100;
      let offset = 0;
      if (url.searchParams.get('seekOperation') === 'next') {
        const decoded = /^users:(\d+):(\d+)$/.exec(Buffer.from(headers['ms-continuationtoken'] ?? '', 'base64').toString('utf8'));
        if (!decoded || Number(decoded[2]) !== options.tokenGeneration()) {
          return error(json, { status: 400, code: 400, description: 'Invalid continuation token' });
        }
        offset = Number(decoded[1]);
      }
      const page = licensing.users.slice(offset, offset + size);
      const next = offset + page.length < licensing.users.length ? Buffer.from(`users:${offset + page.length}:${options.tokenGeneration()}`).toString('base64') : undefined;
      return json(200, {
        totalCount: licensing.users.length,
        items: page.map((u) => ({
          usageLocation: 'US',
          id: u.id,
          userPrincipalName: u.userPrincipalName,
          firstName: u.displayName.split(' ')[0],
          lastName: u.displayName.split(' ').slice(1).join(' '),
          displayName: u.displayName,
          userDomainType: 'none',
          state: 'active',
          attributes: { objectType: 'CustomerUser' },
        })),
        ...(next ? { continuationToken: next } : {}),
        links: { self: { uri: `/customers/${customerId}/users`, method: 'GET', headers: [] } },
        attributes: { objectType: 'Collection' },
      });
    }
    const user = licensing.users.find((u) => u.id === userId?.toLowerCase());
    if (!user) return notFound('user');
    if (userPart === 'licenses' && method === 'GET') {
      const items = user.skuIds.flatMap((skuId) => {
        const sku = licensing.skus.find((s) => s.skuId === skuId);
        return sku ? [{ servicePlans: [], productSku: productSku(sku), attributes: { objectType: 'License' } }] : [];
      });
      return json(200, { totalCount: items.length, items, attributes: { objectType: 'Collection' } });
    }
    if (userPart === 'licenseupdates' && method === 'POST') return licenseUpdate(licensing, user, body);
    return error(json, { status: 405, code: 405, description: 'Method not allowed' });
  };

  function licenseUpdate(licensing: FakeLicensing, user: FakeUser, body: string) {
    const failure = knobs.licenseUpdateFailure?.(user.id);
    if (failure) return error(json, failure);
    let update: { licensesToAssign?: { skuId?: unknown }[] | null; licensesToRemove?: unknown[] | null };
    try {
      update = JSON.parse(body) as typeof update;
    } catch {
      return error(json, { status: 400, code: 400, description: 'The request body is not valid JSON.' });
    }
    const assign = (update.licensesToAssign ?? []).map((a) => String(a.skuId));
    const remove = (update.licensesToRemove ?? []).map(String);
    const skus = [...assign, ...remove].map((id) => licensing.skus.find((s) => s.skuId === id));
    if (skus.some((s) => s === undefined)) return error(json, { status: 400, code: 60005, description: 'The product SKU is not one the customer subscribes to.' });
    if (new Set(skus.map((s) => s!.licenseGroupId)).size > 1) {
      return error(json, { status: 400, code: 60031, description: 'All licenses in a request must belong to the same license group.' });
    }
    if (remove.some((id) => !user.skuIds.includes(id))) return error(json, { status: 400, code: 60032, description: 'The user does not hold a license to remove.' });
    for (const skuId of assign) {
      if (!user.skuIds.includes(skuId) && freeUnitsOf(licensing, skuId) < 1) return error(json, OUT_OF_LICENSES);
    }
    user.skuIds = [...user.skuIds.filter((id) => !remove.includes(id)), ...assign.filter((id) => !user.skuIds.includes(id))];
    options.applied.set(user.id, (options.applied.get(user.id) ?? 0) + 1);
    if (knobs.applyThenFail?.(user.id)) return error(json, { status: 500, code: 500, description: 'An unexpected error occurred.' });
    return json(201, { licensesToAssign: assign.map((skuId) => ({ skuId })), licenseWarnings: [], attributes: { objectType: 'LicenseUpdate' } });
  }
}

/** SKU ids and names of the licensed sample customer: a CRM Online Professional tenant moving to the Customer Engagement Plan. */
export const SAMPLE_SKUS = {
  retired: { skuId: 'd17b27af-3f49-4822-99f9-56a661538792', name: 'Microsoft Dynamics CRM Online Professional', skuPartNumber: 'CRMSTANDARD', licenseGroupId: 'group1' },
  target: { skuId: 'ea126fc5-a19e-42e2-a731-da9d437bffcf', name: 'Dynamics 365 Customer Engagement Plan', skuPartNumber: 'DYN365_ENTERPRISE_PLAN1', licenseGroupId: 'group1' },
  office: { skuId: '6fd2c87f-b296-42f0-b197-1e91e994b900', name: 'Office 365 E3', skuPartNumber: 'ENTERPRISEPACK', licenseGroupId: 'group1' },
} as const;

function userGuid(n: number, salt: number): string {
  const hex = (n * 2246822519 + salt).toString(16).padStart(12, '0').slice(-12);
  return `${(0x20000000 + salt).toString(16).slice(-8)}-${(n & 0xffff).toString(16).padStart(4, '0')}-4${hex.slice(0, 3)}-9${hex.slice(3, 6)}-${hex}`;
}

/**
 * `users` people on the retired license (and Office 365 E3), a few who never held it, and the target
 * with `targetUnits` units in all.
 */
export function sampleLicensing(options: { users: number; targetUnits: number; bystanders?: number; salt?: number }): FakeLicensing {
  const salt = options.salt ?? 0x1ce;
  const users: FakeUser[] = [];
  for (let i = 0; i < options.users; i += 1) {
    users.push({
      id: userGuid(i + 1, salt),
      displayName: `Avery Lee ${String(i + 1).padStart(4, '0')}`,
      userPrincipalName: `avery.lee${i + 1}@contoso.example`,
      skuIds: [SAMPLE_SKUS.retired.skuId, SAMPLE_SKUS.office.skuId],
    });
  }
  for (let i = 0; i < (options.bystanders ?? 3); i += 1) {
    users.push({
      id: userGuid(options.users + i + 1, salt),
      displayName: `Sam Ortiz ${i + 1}`,
      userPrincipalName: `sam.ortiz${i + 1}@contoso.example`,
      skuIds: [SAMPLE_SKUS.office.skuId],
    });
  }
  return {
    users,
    skus: [
      { ...SAMPLE_SKUS.retired, totalUnits: options.users },
      { ...SAMPLE_SKUS.target, totalUnits: options.targetUnits },
      { ...SAMPLE_SKUS.office, totalUnits: users.length },
    ],
  };
}
