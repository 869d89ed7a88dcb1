import { describe, expect, it } from 'vitest';
import { OutageLog } from '../src/reconnect/outage-log.js';

describe('OutageLog', () => {
  it('pairs each reconnect with the close before it', async () => {
    const log = new OutageLog();
    log.disconnected(100, 1006);
    expect(log.reconnected(250, 2)).toBe(true);
    log.disconnected(400, 1006);
    expect(log.reconnected(420, 1)).toBe(true);
    expect(await log.waitForEnd(1, 0)).toEqual({ disconnectedAtMs: 100, code: 1006, reconnectedAtMs: 250, attempts: 2 });
    expect((await log.waitForEnd(2, 0)).reconnectedAtMs).toBe(420);
  });

  it('ignores a reconnect without a close instead of throwing inside the client', () => {
    expect(new OutageLog().reconnected(1, 1)).toBe(false);
  });

  it('waits for an outage that ends later, and says which state a missing one is in', async () => {
    const log = new OutageLog();
    log.disconnected(0, 1006);
    setTimeout(() => log.reconnected(50, 3), 20);
    expect((await log.waitForEnd(1, 2000)).attempts).toBe(3);
    await expect(log.waitForEnd(2, 20)).rejects.toThrow(/never saw the connection close/);
    log.disconnected(60, 1006);
    await expect(log.waitForEnd(2, 20)).rejects.toThrow(/still reconnecting/);
  });
});
