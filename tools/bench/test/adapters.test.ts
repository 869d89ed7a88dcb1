import { afterEach, describe, expect, it } from 'vitest';
import { IMPL_NAMES, type BenchServer } from '../src/impl/types.js';
import { loadClient, loadServer } from '../src/impl/load.js';
import { EchoSession } from '../src/child/echo-session.js';

// The same code the children run, in-process: every adapter must echo byte for byte.
describe.each(IMPL_NAMES)('%s adapters', (impl) => {
  let server: BenchServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it.each([64, 70_000])('echo %i-byte messages on three connections and count round trips', async (size) => {
    server = await (await loadServer(impl))();
    const connect = await loadClient(impl);
    const session = await EchoSession.start(connect, server.port, size, 3);
    expect(server.connectionCount()).toBe(3);
    while (session.roundTrips < 30) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await session.stop()).toEqual([]);
  });
});
