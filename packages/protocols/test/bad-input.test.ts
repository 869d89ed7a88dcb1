/**
 * What the sgc protocol server does with input that breaks the protocol: a typed JSON-RPC
 * error answer and an `error` event, never a crash, and the connection keeps working.
 */
import { describe, expect, it } from 'vitest';
import type { SgcError } from '@sgc/frame';
import { RawPeer, result, startSgcServer } from './fixtures/sgc-peers.js';

describe('sgc protocol: bad input', () => {
  it('answers each kind of malformed request with its JSON-RPC code and keeps serving', async () => {
    const { sgc, url } = await startSgcServer();
    const errors: SgcError[] = [];
    sgc.on('error', (_conn, error) => errors.push(error));
    const peer = await RawPeer.open(url);
    const cases: Array<[string, number, unknown]> = [
      ['{not json', -32700, null],
      ['[]', -32600, null],
      ['{"jsonrpc":"1.0","method":"x","id":7}', -32600, 7],
      ['{"jsonrpc":"2.0","method":"","id":"e"}', -32600, 'e'],
      ['{"jsonrpc":"2.0","method":"x","id":{"no":1}}', -32600, null],
      ['{"jsonrpc":"2.0","method":"sgc@nothing","id":"u"}', -32601, 'u'],
      ['{"jsonrpc":"2.0","method":"sgc@subscribe","params":{},"id":"s"}', -32602, 's'],
      ['{"jsonrpc":"2.0","method":"sgc@publish","params":{"message":"no channel"},"id":"p"}', -32602, 'p'],
      ['{"jsonrpc":"2.0","method":"sgc@pubrel"}', -32600, null],
    ];
    for (const [text, code, id] of cases) {
      peer.send(text);
      const answer = await peer.next();
      expect({ text, code: (answer.error as { code: number }).code, id: answer.id }).toEqual({ text, code, id });
    }
    peer.socket.send(Buffer.from([1, 2, 3]));
    expect(await peer.next()).toMatchObject({ error: { code: -32600 }, id: null });
    expect(errors.map((error) => error.code)).toEqual(Array(6).fill('SGC_ERR_PROTOCOL_VIOLATION'));
    peer.send({ jsonrpc: '2.0', method: 'sgc@session', id: 'still' });
    expect(result(await peer.next()).method).toBe('sgc@session');
  });

  it('answers an internal error when a listener or hook throws, and keeps the process and connection alive', async () => {
    const { sgc, url } = await startSgcServer({
      authorizeSubscription: (_conn, channel) => {
        if (channel === 'boom') throw new Error('hook bug');
        return true;
      },
    });
    sgc.on('rpc', () => {
      throw new Error('handler bug');
    });
    const errors: string[] = [];
    sgc.on('error', (_conn, error) => errors.push(error.message));
    const peer = await RawPeer.open(url);
    peer.send({ jsonrpc: '2.0', method: 'buggy', id: 1 });
    expect(await peer.next()).toMatchObject({ error: { code: -32603 }, id: 1 });
    expect(errors).toEqual(['handler bug']);
    peer.send({ jsonrpc: '2.0', method: 'sgc@subscribe', params: { channel: 'boom' }, id: 2 });
    expect(await peer.next()).toMatchObject({ error: { code: -32603 } });
    expect(errors).toEqual(['handler bug', 'hook bug']);
    peer.send({ jsonrpc: '2.0', method: 'sgc@session', id: 3 });
    expect(await peer.next()).toMatchObject({ id: 3 });
  });
});
