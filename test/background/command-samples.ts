/**
 * One well-formed message per command of the protocol (the compiler asks for a new command's entry),
 * valid in an empty profile, and whether running it opens the database.
 */
import type { CommandKind, CommandOf } from '../../src/messages.ts';
import { CONTOSO, pageObservation } from './tracker-fixtures.ts';

const SUBSCRIPTIONS_PAGE = `https://partner.microsoft.com/en-us/dashboard/v2/customers/${CONTOSO}/subscriptions`;

export const COMMAND_SAMPLES: { [K in CommandKind]: { message: CommandOf<K>; storage: boolean } } = {
  'page/reading': {
    storage: true,
    message: {
      kind: 'page/reading',
      reading: {
        url: SUBSCRIPTIONS_PAGE,
        pageKind: 'subscriptions',
        customerId: CONTOSO,
        subscriptionId: null,
        locale: 'en-us',
        seenAt: '2026-11-24T09:00:00.000Z',
        customerName: 'Contoso Ltd',
        incomplete: null,
        partialGrid: false,
        users: null,
        customers: null,
        subscriptions: [
          {
            name: 'Dynamics AX Enterprise',
            status: 'active',
            quantity: 5,
            channel: null,
            text: 'Dynamics AX Enterprise · Active · 5',
            fields: [
              { label: 'Term end date', value: 'Jan 8, 2027' },
              { label: 'Auto-renew', value: 'Off' },
            ],
          },
        ],
      },
    },
  },
  'observations/record': { storage: true, message: { kind: 'observations/record', observations: [pageObservation()] } },
  'customer/get': { storage: true, message: { kind: 'customer/get', customerId: CONTOSO } },
  'customer/overlay-set': { storage: true, message: { kind: 'customer/overlay-set', customerId: CONTOSO, open: true } },
  'migration/apply': { storage: true, message: { kind: 'migration/apply', customerId: CONTOSO, event: { type: 'step-ticked', step: 'purchase' } } },
  'migration/annotate': { storage: true, message: { kind: 'migration/annotate', customerId: CONTOSO, planChoice: 'one-to-one' } },
  'dashboard/get': { storage: true, message: { kind: 'dashboard/get' } },
  'customers/mark-reviewed': { storage: true, message: { kind: 'customers/mark-reviewed', customerIds: [CONTOSO] } },
  'dashboard/open': { storage: false, message: { kind: 'dashboard/open', customerId: CONTOSO } },
  'events/list': { storage: true, message: { kind: 'events/list', customerId: CONTOSO, limit: 10 } },
  'settings/get': { storage: true, message: { kind: 'settings/get' } },
  'settings/put': { storage: true, message: { kind: 'settings/put', settings: { deprovisionDays: 90 } } },
  'rules/list': { storage: true, message: { kind: 'rules/list' } },
  'managed/get': { storage: false, message: { kind: 'managed/get' } },
  'rules/put': {
    storage: true,
    message: { kind: 'rules/put', rule: { id: 'gp-starter', family: 'Dynamics GP', name: 'Dynamics GP Starter', offerNames: ['Dynamics GP Starter'], targets: [] } },
  },
  'rules/delete': { storage: true, message: { kind: 'rules/delete', ruleId: 'gp-starter' } },
  'data/export': { storage: true, message: { kind: 'data/export' } },
  'data/import': { storage: true, message: { kind: 'data/import', json: JSON.stringify({ format: 'sku-shift-export', version: 1, customers: [] }) } },
  'scan/checkpoint-get': { storage: true, message: { kind: 'scan/checkpoint-get' } },
  'scan/checkpoint-put': { storage: true, message: { kind: 'scan/checkpoint-put', checkpoint: { page: 2 } } },
  'api/relay': { storage: false, message: { kind: 'api/relay', request: { method: 'GET', path: '/v1/customers', headers: { accept: 'application/json' } } } },
  'api/session-status': { storage: false, message: { kind: 'api/session-status' } },
};
