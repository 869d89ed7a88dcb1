/**
 * RPC and notifications over the sgc protocol: results and errors, the reserved `rpc.`
 * prefix, RPC authentication with its allow list and hook, timeouts and aborts.
 */
import { describe, expect, it } from 'vitest';
import { JsonRpcErrorCode, RpcError } from '../src/index.js';
import type { SgcRpcCall } from '../src/server.js';
import { connectSgcClient, RawPeer, startSgcServer } from './fixtures/sgc-peers.js';

describe('sgc protocol: RPC', () => {
  it('answers calls with results and errors the server gives', async () => {
    const { sgc, url } = await startSgcServer();
    sgc.on('rpc', (_conn, call) => {
      if (call.method === 'add') call.respond((call.params as number[]).reduce((sum, n) => sum + n, 0));
      else if (call.method === 'later') setTimeout(() => call.respond({ late: true }), 5);
      else call.fail(JsonRpcErrorCode.InvalidParams, 'Bad params', { method: call.method });
    });
    const client = await connectSgcClient(url);
    await expect(client.sgc.rpc('add', [1, 2, 3])).resolves.toBe(6);
    await expect(client.sgc.rpc('later')).resolves.toEqual({ late: true });
    const error = await client.sgc.rpc('other', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ code: 'SGC_ERR_REMOTE', rpcCode: -32602, message: 'Bad params', data: { method: 'other' } });
  });

  it('uses the id the caller gives, and refuses one that already waits', async () => {
    const { sgc, url } = await startSgcServer();
    const called = new Promise<SgcRpcCall>((resolve) => sgc.on('rpc', (_conn, call) => resolve(call)));
    const client = await connectSgcClient(url);
    const first = client.sgc.rpc('wait', undefined, { id: 'my-id' });
    await expect(client.sgc.rpc('wait', undefined, { id: 'my-id' })).rejects.toMatchObject({ code: 'SGC_ERR_INVALID_ARGUMENT' });
    const call = await called;
    expect(call.id).toBe('my-id');
    call.respond('ok');
    await expect(first).resolves.toBe('ok');
    expect(() => call.respond('twice')).toThrow(/already answered/);
  });

  it('answers -32601 without an rpc listener and for the reserved rpc. prefix', async () => {
    const bare = await startSgcServer();
    const client = await connectSgcClient(bare.url);
    await expect(client.sgc.rpc('anything')).rejects.toMatchObject({ rpcCode: -32601 });
    bare.sgc.on('rpc', (_conn, call) => call.respond('never for rpc.'));
    await expect(client.sgc.rpc('rpc.discover')).rejects.toMatchObject({ rpcCode: -32601 });
  });

  it('delivers notifications to the notification event without answering them', async () => {
    const { sgc, url } = await startSgcServer();
    const client = await RawPeer.open(url);
    const got = new Promise<[string, unknown]>((resolve) => sgc.on('notification', (_conn, method, params) => resolve([method, params])));
    client.send({ jsonrpc: '2.0', method: 'update', params: [1, 2] });
    await expect(got).resolves.toEqual(['update', [1, 2]]);
    client.send({ jsonrpc: '2.0', method: 'sgc@session', id: 'after' });
    // The first answer the client gets is the one to its later request: the notification had none.
    expect(await client.next()).toMatchObject({ id: 'after' });
  });

  it('with rpcAuthentication, allows listed methods and asks authorizeRpc for the others', async () => {
    const asked: string[] = [];
    const { sgc, url } = await startSgcServer({
      rpcAuthentication: { enabled: true, methods: ['public'] },
      authorizeRpc: async (conn, method) => {
        asked.push(method);
        return method === 'granted' && conn.protocol === 'esegece.com';
      },
    });
    sgc.on('rpc', (_conn, call) => call.respond(call.method));
    const notified: string[] = [];
    sgc.on('notification', (_conn, method) => notified.push(method));
    const client = await connectSgcClient(url);
    await expect(client.sgc.rpc('public')).resolves.toBe('public');
    await expect(client.sgc.rpc('granted')).resolves.toBe('granted');
    await expect(client.sgc.rpc('secret')).rejects.toMatchObject({ rpcCode: -32601 });
    client.sgc.notify('secret');
    client.sgc.notify('granted');
    await expect(client.sgc.rpc('public')).resolves.toBe('public');
    expect(asked).toEqual(['granted', 'secret', 'secret', 'granted']);
    expect(notified).toEqual(['granted']);
  });

  it('times out, aborts, and fails pending calls when the connection closes', async () => {
    const { sgc, url } = await startSgcServer();
    sgc.on('rpc', () => undefined); // never answers
    const client = await connectSgcClient(url, { requestTimeout: 50 });
    await expect(client.sgc.rpc('slow')).rejects.toMatchObject({ code: 'SGC_ERR_TIMEOUT' });
    const controller = new AbortController();
    const aborted = client.sgc.rpc('slow', undefined, { signal: controller.signal, timeout: 5000 });
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'SGC_ERR_ABORTED' });
    const pending = client.sgc.rpc('slow', undefined, { timeout: 5000 });
    await client.ws.close();
    await expect(pending).rejects.toMatchObject({ code: 'SGC_ERR_CONNECTION_CLOSED' });
    await expect(client.sgc.rpc('slow')).rejects.toMatchObject({ code: 'SGC_ERR_NOT_OPEN' });
  });
});
