import { describe, expect, it } from 'vitest';
import { commandSender, CommandError, isBroadcast, type Command } from '../src/messages.ts';

describe('isBroadcast', () => {
  it('recognises the worker broadcasts and nothing else', () => {
    expect(isBroadcast({ kind: 'migration/changed', customerId: 'a', revision: 3 })).toBe(true);
    expect(isBroadcast({ kind: 'data/changed', scope: 'import' })).toBe(true);
    expect(isBroadcast({ kind: 'migration/changed', customerId: 'a' })).toBe(false);
    expect(isBroadcast({ kind: 'data/changed', scope: 'everything' })).toBe(false);
    expect(isBroadcast({ kind: 'customer/get', customerId: 'a' })).toBe(false);
    expect(isBroadcast(null)).toBe(false);
    expect(isBroadcast('migration/changed')).toBe(false);
  });
});

describe('commandSender', () => {
  it('resolves with the data of an ok reply', async () => {
    const sent: Command[] = [];
    const send = commandSender(async (m) => {
      sent.push(m);
      return { ok: true, data: { saved: true } };
    });
    await expect(send({ kind: 'scan/checkpoint-put', checkpoint: null })).resolves.toEqual({ saved: true });
    expect(sent).toEqual([{ kind: 'scan/checkpoint-put', checkpoint: null }]);
  });

  it('throws a CommandError carrying the code of an error reply', async () => {
    const send = commandSender(async () => ({ ok: false, error: { code: 'forbidden-sender', message: 'no' } }));
    const error = await send({ kind: 'settings/get' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).code).toBe('forbidden-sender');
  });

  it('treats a missing reply (no worker listener) as an error, not as data', async () => {
    const send = commandSender(async () => undefined);
    await expect(send({ kind: 'settings/get' })).rejects.toBeInstanceOf(CommandError);
  });
});
