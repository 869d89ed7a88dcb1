import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer as WsServer } from 'ws';
import { CloseEvent, type MessageEvent } from '@sgc/frame';
import { WebSocket } from '../src/index.js';

let server: WsServer | undefined;
afterEach(async () => {
  if (server === undefined) return;
  for (const ws of server.clients) ws.terminate();
  await new Promise<void>((resolve) => server!.close(() => resolve()));
  server = undefined;
});

async function echo(): Promise<string> {
  server = new WsServer({ host: '127.0.0.1', port: 0, handleProtocols: (set) => [...set][0] ?? false });
  server.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));
  await once(server, 'listening');
  return `ws://127.0.0.1:${(server.address() as { port: number }).port}`;
}

function next<E extends Event>(target: EventTarget, type: string): Promise<E> {
  return new Promise((resolve) => target.addEventListener(type, (event) => resolve(event as E), { once: true }));
}

describe('WHATWG WebSocket', () => {
  it('opens, exchanges text and binary as the browser API does, and closes cleanly', async () => {
    const ws = new WebSocket(await echo(), ['chat']);
    expect(ws.readyState).toBe(WebSocket.CONNECTING);
    expect(() => ws.send('too early')).toThrow(/connecting/);
    await next(ws, 'open');
    expect(ws.protocol).toBe('chat');
    ws.send('hello');
    const text = await next<MessageEvent<string>>(ws, 'message');
    expect(text.data).toBe('hello');
    ws.binaryType = 'arraybuffer';
    ws.send(new Uint8Array([1, 2, 3]));
    const binary = await next<MessageEvent<ArrayBuffer>>(ws, 'message');
    expect([...new Uint8Array(binary.data)]).toEqual([1, 2, 3]);
    ws.binaryType = 'blob';
    ws.send(new Blob([new Uint8Array([4, 5])]));
    const blob = await next<MessageEvent<Blob>>(ws, 'message');
    expect([...new Uint8Array(await blob.data.arrayBuffer())]).toEqual([4, 5]);
    const closed = next<CloseEvent>(ws, 'close');
    ws.close(3001, 'done');
    expect(ws.readyState).toBe(WebSocket.CLOSING);
    const event = await closed;
    expect(event).toBeInstanceOf(CloseEvent);
    expect([event.code, event.wasClean]).toEqual([3001, true]);
    expect(ws.readyState).toBe(WebSocket.CLOSED);
  });

  it('rejects close codes the standard forbids', async () => {
    const ws = new WebSocket(await echo());
    await next(ws, 'open');
    expect(() => ws.close(1001)).toThrow(expect.objectContaining({ name: 'InvalidAccessError' }));
    expect(() => ws.close(1000, 'x'.repeat(124))).toThrow(expect.objectContaining({ name: 'SyntaxError' }));
    ws.close();
    await next(ws, 'close');
  });

  it('fires error then close 1006 when the connection fails', async () => {
    const url = await echo();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const ws = new WebSocket(url);
    const order: string[] = [];
    ws.onerror = () => order.push('error');
    const event = await next<CloseEvent>(ws, 'close');
    order.push('close');
    expect(order).toEqual(['error', 'close']);
    expect(event.code).toBe(1006);
    expect(event.wasClean).toBe(false);
  });
});
