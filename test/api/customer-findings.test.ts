import { describe, expect, test } from 'vitest';
import { observeCustomer, relationshipOf, renewalOf } from '../../src/api/customer-findings.ts';
import type { ApiCustomer, ApiSubscription } from '../../src/api/partner-center-types.ts';

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
      subscriptions: [
        { subscriptionId: 's1', name: 'Dynamics AX Enterprise', quantity: 25, status: 'active', renewal: { kind: 'expires', date: '2016-12-12' }, channel: 'csp' },
      ],
      source: 'api',
      evidence: `/v1/customers/${customer.id}/subscriptions`,
      seenAt: context.seenAt,
    });
  });

  test('a customer with only current, auto-renewing products is not tracked', () => {
    const findings = observeCustomer(
      customer,
      [sub({ offerName: 'Dynamics 365 Team Members' }), sub({ offerName: 'Microsoft 365 Business Basic' }), sub({ offerName: 'Project Online Essentials' })],
      context,
    );
    expect(findings).toEqual({ observation: null, retired: 0, expiring: 0 });
  });

  test('the Dynamics 365 target bought beside a retired SKU rides along (purchase can be detected)', () => {
    const findings = observeCustomer(
      customer,
      [sub({ id: 'old', offerName: 'Microsoft Dynamics CRM Online Professional' }), sub({ id: 'new', offerName: 'Dynamics 365 Customer Engagement Plan' })],
      context,
    );
    expect(findings.retired).toBe(1);
    expect(findings.observation?.subscriptions.map((s) => s.subscriptionId)).toEqual(['old', 'new']);
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
    expect(findings.observation?.subscriptions.map((s) => s.subscriptionId)).toEqual(['e1']);
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
    expect(findings.observation?.subscriptions[0]?.renewal).toBeNull();
  });

  test('auto-renewing subscriptions say so', () => {
    expect(renewalOf(sub({ autoRenewEnabled: true, commitmentEndDate: '2027-03-01T00:00:00Z' }), '2026-11-24')).toEqual({
      kind: 'auto-renews',
      date: '2027-03-01',
    });
  });
});

test('relationships map to the tracker\'s vocabulary', () => {
  expect(['reseller', 'indirectReseller', 'advisor', 'none', 'microsoftSupportAgent', null].map(relationshipOf)).toEqual([
    'reseller',
    'indirect-reseller',
    'advisor',
    'none',
    'unknown',
    'unknown',
  ]);
});
