import { describe, expect, it } from 'vitest';
import { customerPagePath, parseRoute, routeHash, SECTIONS } from '../../src/pages/dashboard/route.ts';

const TENANT = '4f1c2a7e-9b3d-4c6a-8e21-5d7f0a9b1c23';

describe('the dashboard route in the URL hash', () => {
  it('names every section, and a customer by tenant id; each round-trips', () => {
    for (const section of SECTIONS) expect(parseRoute(routeHash({ section }))).toEqual({ section });
    expect(parseRoute(`#customer/${TENANT}`)).toEqual({ section: 'customer', customerId: TENANT });
    expect(parseRoute(`#customer/${TENANT.toUpperCase()}`)).toEqual({ section: 'customer', customerId: TENANT });
    expect(routeHash({ section: 'customer', customerId: TENANT })).toBe(`#customer/${TENANT}`);
    expect(customerPagePath(TENANT)).toBe(`src/pages/dashboard/index.html#customer/${TENANT}`);
  });

  it('anything else opens the customer list', () => {
    for (const hash of ['', '#', '#nowhere', '#customer/', '#customer/not-a-guid', `#customer/${TENANT}/extra`, '#%E0%A4%A', '#__proto__']) {
      expect(parseRoute(hash), hash).toEqual({ section: 'customers' });
    }
    expect(parseRoute('#/rules')).toEqual({ section: 'rules' });
  });
});
