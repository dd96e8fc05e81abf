import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { observeCustomer, relationshipOf, renewalOf } from '../../src/api/customer-findings.ts';
import { parseSubscription, type ApiCustomer, type ApiSubscription } from '../../src/api/partner-center-types.ts';
import { parseCommand } from '../../src/background/router.ts';
import { LIMITS } from '../../src/messages.ts';

const customer: ApiCustomer = {
  id: '3f2a1b4c-0000-4000-8000-000000000001',
  companyName: 'Fabrikam',
  domain: 'fabrikam.onmicrosoft.com',
  relationshipToPartner: 'reseller',
};

function sub(over: Partial<ApiSubscription>): ApiSubscription {
  return {
    id: 'a1b2c3d4-0000-4000-8000-00000000000' + String(Math.floor(Math.random() * 10)),
    offerId: null,
    offerName: 'Office 365 E3',
    friendlyName: null,
    quantity: 10,
    status: 'active',
    autoRenewEnabled: true,
    commitmentEndDate: '2027-03-01T00:00:00Z',
    effectiveStartDate: null,
    billingType: 'license',
    partnerId: null,
    ...over,
  };
}

const context = { today: '2026-11-24', seenAt: '2026-11-24T09:00:00.000Z' };

describe('observeCustomer: the same record page detection creates', () => {
  test('a retired SKU that will not renew is recorded with its end date, as "expires"', () => {
    const findings = observeCustomer(
      customer,
      [sub({ id: 's1', offerName: 'Dynamics AX Enterprise', autoRenewEnabled: false, commitmentEndDate: '2016-12-12T08: 00: 00Z', quantity: 25 }), sub({ id: 's2' })],
      context,
    );
    expect(findings.retired).toBe(1);
    expect(findings.expiring).toBe(1);
    expect(findings.observation).toEqual({
      customerId: customer.id,
      customerName: 'Fabrikam',
      relationship: 'reseller',
      subscriptions: [{ subscriptionId: 's1', name: 'Dynamics AX Enterprise', quantity: 25, status: 'active', renewal: { kind: 'expires', date: '2016-12-12' }, channel: 'csp' }],
      source: 'api',
      evidence: `/v1/customers/${customer.id}/subscriptions`,
      seenAt: context.seenAt,
      complete: true,
    });
  });

  test('a customer with only current, auto-renewing products: nothing to track, said as a complete, empty list', () => {
    const findings = observeCustomer(
      customer,
      [sub({ offerName: 'Dynamics 365 Team Members' }), sub({ offerName: 'Microsoft 365 Business Basic' }), sub({ offerName: 'Project Online Essentials' })],
      context,
    );
    expect(findings.retired).toBe(0);
    expect(findings.expiring).toBe(0);
    // Complete and empty: the worker creates nothing for a customer it does not know, and clears what
    // an earlier scan recorded for one it does.
    expect(findings.observation).toMatchObject({ customerId: customer.id, subscriptions: [], source: 'api', complete: true });
  });

  test('a rescan after an "Expires on" turned back to auto-renew says so: the complete list no longer holds it', () => {
    const e3 = (autoRenewEnabled: boolean) => sub({ id: 'e3', offerName: 'Office 365 E3', autoRenewEnabled, commitmentEndDate: '2026-12-10T00:00:00Z' });
    const first = observeCustomer(customer, [e3(false)], context);
    expect(first.observation).toMatchObject({ complete: true, subscriptions: [{ subscriptionId: 'e3', renewal: { kind: 'expires', date: '2026-12-10' } }] });
    const second = observeCustomer(customer, [e3(true)], { ...context, seenAt: '2026-11-25T09:00:00.000Z' });
    expect(second.observation).toMatchObject({ complete: true, subscriptions: [], seenAt: '2026-11-25T09:00:00.000Z' });
    expect(second.expiring).toBe(0);
  });

  test('a retired subscription de-provisioned since the last scan: the complete list no longer holds it', () => {
    const findings = observeCustomer(customer, [sub({ id: 'd365', offerName: 'Dynamics 365 Customer Engagement Plan' })], context);
    expect(findings.observation).toMatchObject({ complete: true, subscriptions: [] });
  });

  test('the Dynamics 365 target bought beside a retired SKU rides along (purchase can be detected)', () => {
    const findings = observeCustomer(
      customer,
      [sub({ id: 'old', offerName: 'Microsoft Dynamics CRM Online Professional' }), sub({ id: 'new', offerName: 'Dynamics 365 Customer Engagement Plan' })],
      context,
    );
    expect(findings.retired).toBe(1);
    expect(findings.observation.subscriptions.map((s) => s.subscriptionId)).toEqual(['old', 'new']);
  });

  test('a current product that will not renew is tracked for its end date; a placeholder end date is not', () => {
    const findings = observeCustomer(
      customer,
      [
        sub({ id: 'e1', offerName: 'Office 365 E1', autoRenewEnabled: false, commitmentEndDate: '2027-01-08T00:00:00Z' }),
        sub({ id: 'free', offerName: 'Microsoft Power BI (free)', autoRenewEnabled: false, commitmentEndDate: '9999-12-10T00:00:00Z' }),
        sub({ id: 'gone', offerName: 'Office 365 E3', autoRenewEnabled: false, status: 'expired', commitmentEndDate: '2026-10-01T00:00:00Z' }),
      ],
      context,
    );
    expect(findings.retired).toBe(0);
    expect(findings.expiring).toBe(1);
    expect(findings.observation.subscriptions.map((s) => s.subscriptionId)).toEqual(['e1']);
  });

  test('recognised by friendly name when the offer name is missing', () => {
    const findings = observeCustomer(customer, [sub({ offerName: null, friendlyName: 'Microsoft Dynamics CRM Online Basic (Government Pricing)' })], context);
    expect(findings.retired).toBe(1);
  });
});

describe('renewalOf', () => {
  test('far-future placeholder, malformed and missing end dates give no countdown', () => {
    expect(renewalOf(sub({ autoRenewEnabled: false, commitmentEndDate: '9999-12-10T00:00:00Z' }), '2026-11-24')).toBeNull();
    expect(renewalOf(sub({ autoRenewEnabled: false, commitmentEndDate: 'not a date' }), '2026-11-24')).toBeNull();
    expect(renewalOf(sub({ autoRenewEnabled: false, commitmentEndDate: null }), '2026-11-24')).toBeNull();
    expect(renewalOf(sub({ autoRenewEnabled: null }), '2026-11-24')).toBeNull();
  });

  test('an end date before 1900 (SQL Server\'s "no date" 1753-01-01) gives no countdown: the tracker could not rank it', () => {
    expect(renewalOf(sub({ autoRenewEnabled: false, commitmentEndDate: '1753-01-01T00:00:00Z' }), '2026-11-24')).toBeNull();
    const findings = observeCustomer(customer, [sub({ id: 'ax', offerName: 'Dynamics AX Enterprise', autoRenewEnabled: false, commitmentEndDate: '1753-01-01T00:00:00Z' })], context);
    expect(findings.retired).toBe(1);
    expect(findings.expiring).toBe(0);
    expect(findings.observation.subscriptions[0]?.renewal).toBeNull();
  });

  test('auto-renewing subscriptions say so', () => {
    expect(renewalOf(sub({ autoRenewEnabled: true, commitmentEndDate: '2027-03-01T00:00:00Z' }), '2026-11-24')).toEqual({
      kind: 'auto-renews',
      date: '2027-03-01',
    });
  });
});

test("relationships map to the tracker's vocabulary", () => {
  expect(['reseller', 'indirectReseller', 'advisor', 'none', 'microsoftSupportAgent', null].map(relationshipOf)).toEqual(['reseller', 'indirect-reseller', 'advisor', 'none', 'unknown', 'unknown']);
});

/** What the worker does with an `observations/record`: the scan's observations must always pass it. */
function acceptedByWorker(findings: ReturnType<typeof observeCustomer>) {
  return parseCommand({ kind: 'observations/record', observations: [findings.observation] });
}

describe('observeCustomer: every observation fits what the worker accepts (one bad record must not sink a batch)', () => {
  test('an empty or blank offer name falls back on the friendly name, then the offer id, then the id', () => {
    const findings = observeCustomer(
      customer,
      [
        sub({ id: 'a', offerName: '', friendlyName: 'Dynamics AX Enterprise' }),
        sub({ id: 'b', offerName: '   ', friendlyName: ' ', offerId: ' ', autoRenewEnabled: false }),
        sub({ id: 'c', offerName: ' Office 365 E1 ', friendlyName: null, autoRenewEnabled: false }),
      ],
      context,
    );
    expect(findings.observation.subscriptions.map((s) => [s.subscriptionId, s.name])).toEqual([
      ['a', 'Dynamics AX Enterprise'],
      ['b', 'b'],
      ['c', 'Office 365 E1'],
    ]);
    expect(acceptedByWorker(findings).ok).toBe(true);
  });

  test("a blank company name is left out; a very long one is cut to the worker's limit", () => {
    const retired = [sub({ id: 'ax', offerName: 'Dynamics AX Enterprise' })];
    const blank = observeCustomer({ ...customer, companyName: ' \t ' }, retired, context);
    expect(blank.observation).not.toHaveProperty('customerName');
    expect(acceptedByWorker(blank).ok).toBe(true);
    const long = observeCustomer({ ...customer, companyName: `  ${'N'.repeat(LIMITS.nameLength + 50)}` }, retired, context);
    expect(long.observation.customerName).toBe('N'.repeat(LIMITS.nameLength));
    expect(acceptedByWorker(long).ok).toBe(true);
  });

  test('an id longer than the worker takes is left out (matched by name, like a page row) rather than cut into another id', () => {
    const longId = 'x'.repeat(LIMITS.idLength + 1);
    const findings = observeCustomer(customer, [sub({ id: longId, offerName: 'Dynamics AX Enterprise' }), sub({ id: '  s2  ', offerName: 'Dynamics AX Task' })], context);
    expect(findings.observation.subscriptions.map((s) => s.subscriptionId)).toEqual([undefined, 's2']);
    expect(findings.observation.subscriptions[0]?.name).toBe('Dynamics AX Enterprise');
    expect(acceptedByWorker(findings).ok).toBe(true);
  });

  test('a name longer than the worker takes is cut to its limit', () => {
    const findings = observeCustomer(customer, [sub({ offerName: `Dynamics AX Enterprise ${'x'.repeat(LIMITS.nameLength)}` })], context);
    expect(findings.observation.subscriptions[0]?.name).toHaveLength(LIMITS.nameLength);
    expect(acceptedByWorker(findings).ok).toBe(true);
  });

  test('a seat count beyond any real tenant is left out, and the customer is still recorded', () => {
    const findings = observeCustomer(customer, [sub({ id: 'ax', offerName: 'Dynamics AX Enterprise', quantity: LIMITS.count + 1 })], context);
    expect(findings.observation.subscriptions[0]).not.toHaveProperty('quantity');
    expect(acceptedByWorker(findings).ok).toBe(true);
  });

  test('more subscriptions than one observation holds: the retired ones first, cut at the limit', () => {
    const many = Array.from({ length: LIMITS.subscriptionsPerObservation + 10 }, (_, i) =>
      sub({ id: `e${i}`, offerName: 'Office 365 E1', autoRenewEnabled: false, commitmentEndDate: '2027-01-08T00:00:00Z' }),
    );
    const findings = observeCustomer(customer, [...many, sub({ id: 'ax', offerName: 'Dynamics AX Enterprise' })], context);
    expect(findings.observation.subscriptions).toHaveLength(LIMITS.subscriptionsPerObservation);
    expect(findings.observation.subscriptions[0]?.subscriptionId).toBe('ax');
    // A cut list is not the complete list: the worker must not retire what was cut off.
    expect(findings.observation).not.toHaveProperty('complete');
    expect(findings.retired).toBe(1);
    expect(acceptedByWorker(findings).ok).toBe(true);
  });

  test('whatever the API parser lets through, the worker accepts the observation', () => {
    const text = fc.oneof(fc.constant(''), fc.constant('   '), fc.string({ maxLength: 40 }), fc.string({ minLength: 100, maxLength: 700 }), fc.constantFrom('Dynamics AX Enterprise', 'Office 365 E1'));
    const raw = fc.record({
      id: fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.string({ minLength: 120, maxLength: 220 })),
      offerId: fc.option(text),
      offerName: fc.option(text),
      friendlyName: fc.option(text),
      // Up to the guard's own bound: a larger quantity is the worker's to refuse (see customer-scan tests).
      quantity: fc.option(fc.integer({ min: -5, max: 10_000_000 })),
      status: fc.option(fc.constantFrom('active', 'Suspended', 'weird', '')),
      autoRenewEnabled: fc.option(fc.boolean()),
      commitmentEndDate: fc.option(fc.constantFrom('2027-01-08T00:00:00Z', '1753-01-01T00:00:00Z', '0001-01-01T00:00:00', '9999-12-10T00:00:00Z', 'soon')),
    });
    fc.assert(
      fc.property(fc.option(text), fc.array(raw, { maxLength: 12 }), (companyName, raws) => {
        const subscriptions = raws.map(parseSubscription).filter((s): s is ApiSubscription => s !== null);
        const findings = observeCustomer({ ...customer, companyName }, subscriptions, context);
        const reply = acceptedByWorker(findings);
        expect(reply.ok ? 'accepted' : reply.error.message).toBe('accepted');
      }),
    );
  });
});
