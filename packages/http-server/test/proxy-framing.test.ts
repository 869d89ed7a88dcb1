import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode, SgcError } from '@sgc/frame';
import { ProxyCloseCode } from '../src/proxy/index.js';
import { TargetEncoder, clientBytes, framingFor } from '../src/proxy/proxy-framing.js';
import { formatTarget, isAllowed, isProxyTarget } from '../src/proxy/proxy-target.js';
import { closeClients, openClient } from './fixtures/proxy-clients.js';
import { next, startProxy, stopProxies } from './fixtures/proxy-server.js';
import { closeTargets, echoTarget, startTarget } from './fixtures/proxy-targets.js';

afterEach(async () => {
  closeClients();
  await stopProxies();
  await closeTargets();
});

describe('websockify base64 sub-protocol', () => {
  it('decodes the client text frames and sends the target bytes base64-encoded in text frames', async () => {
    const echo = await echoTarget();
    const { url } = await startProxy({ target: { host: '127.0.0.1', port: echo.port }, protocols: ['binary', 'base64'] });
    const { ws, reader } = await openClient(url, 'base64');
    expect(ws.protocol).toBe('base64');
    const bytes = Buffer.from([0, 1, 2, 250, 255, 10]);
    ws.send(bytes.toString('base64'));
    const [message] = await once(ws, 'message');
    expect(reader.messages).toEqual([bytes.toString('base64')]);
    expect(Buffer.from((message as Buffer).toString(), 'base64')).toEqual(bytes);
  });

  it.each([
    ['text that is not base64', 'not base64!', { code: ProxyCloseCode.InvalidPayload, reason: 'Invalid base64' }],
    ['a binary frame', Buffer.from('raw'), { code: ProxyCloseCode.UnsupportedData, reason: 'Binary frame on base64' }],
  ])('closes on %s', async (_name, data, expected) => {
    const echo = await echoTarget();
    const { url, proxy } = await startProxy({ target: { host: '127.0.0.1', port: echo.port }, protocols: ['base64'] });
    const connected = next(proxy, 'connect');
    const ended = next(proxy, 'disconnect');
    const { ws, closed } = await openClient(url, 'base64');
    await connected;
    ws.send(data);
    expect(await closed).toEqual(expected);
    const [, stats] = await ended;
    expect(stats.error?.closeCode).toBe(expected.code);
    expect(stats.bytesToTarget).toBe(0);
  });
});

describe('sendAs: text', () => {
  it('sends the target bytes in text frames, never splitting a UTF-8 character', async () => {
    const euro = Buffer.from('€');
    const target = await startTarget((socket) => socket.write(Buffer.concat([Buffer.from('x'), euro.subarray(0, 2)])));
    const { url } = await startProxy({ target: { host: '127.0.0.1', port: target.port }, sendAs: 'text' });
    const { ws, reader, closed } = await openClient(url);
    const [first] = await once(ws, 'message');
    expect((first as Buffer).toString()).toBe('x');
    // The proxy has read the character's first two bytes; only now does the rest leave the target.
    (await target.accepted()).end(Buffer.concat([euro.subarray(2), Buffer.from('y')]));
    expect((await closed).code).toBe(1000);
    expect(reader.messages).toEqual(['x', '€y']);
  });
});

describe('proxy framing helpers', () => {
  it('picks the framing from the sub-protocol, else sendAs', () => {
    expect(framingFor('base64', 'text')).toBe('base64');
    expect(framingFor('binary', 'text')).toBe('binary');
    expect(framingFor('', 'text')).toBe('text');
    expect(framingFor('custom', 'binary')).toBe('binary');
  });

  it('holds back a split UTF-8 character in text framing and flushes an incomplete one as U+FFFD', () => {
    const encoder = new TargetEncoder('text');
    expect(encoder.encode(Buffer.from([0x61, 0xe2, 0x82]))).toBe('a');
    expect(encoder.encode(Buffer.from([0xac]))).toBe('€');
    expect(encoder.encode(Buffer.from([0xe2]))).toBe('');
    expect(encoder.end()).toBe('\ufffd');
    expect(new TargetEncoder('base64').encode(Buffer.from('hi'))).toBe('aGk=');
  });

  it('turns client messages into bytes, refusing what base64 cannot carry', () => {
    expect(clientBytes('binary', 'é')).toEqual(Buffer.from('é'));
    expect(clientBytes('base64', 'aGk=')).toEqual(Buffer.from('hi'));
    for (const [data, closeCode] of [['aGk', 1007], ['aG k', 1007], [Buffer.from('x'), 1003]] as const) {
      const error = clientBytes('base64', data);
      expect(error).toBeInstanceOf(SgcError);
      expect(error).toMatchObject({ code: ErrorCode.InvalidArgument, closeCode });
    }
  });

  it('checks and prints targets', () => {
    expect(isProxyTarget({ host: 'h', port: 65_535 })).toBe(true);
    expect(isProxyTarget({ host: 'h', port: 1.5 })).toBe(false);
    expect(isProxyTarget(null)).toBe(false);
    expect(isAllowed([{ host: 'LocalHost', port: 1 }], { host: 'localhost', port: 1 })).toBe(true);
    expect(isAllowed([{ host: 'localhost', port: 1 }], { host: '127.0.0.1', port: 1 })).toBe(false);
    expect(isAllowed(undefined, { host: 'any', port: 1 })).toBe(true);
    expect(formatTarget({ host: '::1', port: 80 })).toBe('[::1]:80');
  });
});
