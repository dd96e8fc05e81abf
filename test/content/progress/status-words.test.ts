import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { statusFromCell, statusFromLabelledText } from '../../../src/content/progress/status-words.ts';

describe('statusFromCell', () => {
  test.each([
    ['Active', 'active'],
    [' actif ', 'active'],
    ['Aktiv', 'active'],
    ['Activa', 'active'],
    ['Suspended', 'suspended'],
    ['Suspendu', 'suspended'],
    ['Ausgesetzt', 'suspended'],
    ['Angehalten', 'suspended'],
    ['Suspendida', 'suspended'],
    ['Suspendido', 'suspended'],
    ['En\u00a0attente', 'pending'],
    ['Expired', 'expired'],
    ['Abgelaufen', 'expired'],
    ['Deleted', 'deleted'],
  ] as const)('%j → %s', (cell, status) => expect(statusFromCell(cell)).toBe(status));

  test.each(['Inactive', 'Active users', 'Dynamics 365 Team Members', '', 'Reactivated'])('%j → null', (cell) => {
    expect(statusFromCell(cell)).toBeNull();
  });
});

describe('statusFromLabelledText', () => {
  test.each([
    ['Status: Suspended · Expires on 3/1/2027', 'suspended'],
    ['État : Suspendu · Expire le 01/03/2027', 'suspended'],
    ['Estado: Activa', 'active'],
    ['Status Aktiv', 'active'],
    ['Licenses: 25 · Status: Active', 'active'],
  ] as const)('%j → %s', (text, status) => expect(statusFromLabelledText(text)).toBe(status));

  test.each(['Keep your team active', 'Status: Inactive', 'Statuses: Suspended-ish', 'Suspended'])('%j → null', (text) => {
    expect(statusFromLabelledText(text)).toBeNull();
  });

  test('never throws on any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        statusFromCell(s);
        statusFromLabelledText(s);
      }),
    );
  });
});
