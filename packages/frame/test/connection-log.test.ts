import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConnectionLog,
  ErrorCode,
  SgcError,
  formatLogTimestamp,
  formatPeer,
  renderLogData,
  type ConnectionLogEntry,
} from '../src/node.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sgc-log-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The manual's sample time, in local time, so the expected text does not depend on the time zone. */
const sampleTime = (): Date => new Date(2013, 10, 9, 11, 17, 3);
const peer = '127.0.0.1:49854';

describe('formatLogTimestamp', () => {
  it('writes dd/mm/yyyy hh:nn:ss on a 24-hour clock, in local time by default', () => {
    expect(formatLogTimestamp(sampleTime())).toBe('09/11/2013 11:17:03');
    expect(formatLogTimestamp(new Date(2024, 0, 2, 23, 4, 5))).toBe('02/01/2024 23:04:05');
  });

  it('uses UTC fields when asked', () => {
    expect(formatLogTimestamp(new Date(Date.UTC(1999, 11, 31, 0, 0, 59)), true)).toBe('31/12/1999 00:00:59');
  });
});

describe('formatPeer', () => {
  it('writes IPv4 as IP:port, IPv6 in brackets and IPv4-mapped IPv6 as IPv4', () => {
    expect(formatPeer({ remoteAddress: '127.0.0.1', remotePort: 49854 })).toBe('127.0.0.1:49854');
    expect(formatPeer({ remoteAddress: '::1', remotePort: 80 })).toBe('[::1]:80');
    expect(formatPeer({ remoteAddress: '::ffff:10.0.0.7', remotePort: 5 })).toBe('10.0.0.7:5');
  });

  it("writes an unknown peer as 0.0.0.0:0, as in the manual's sample, and passes strings through", () => {
    expect(formatPeer({})).toBe('0.0.0.0:0');
    expect(formatPeer('host:1')).toBe('host:1');
  });
});

describe('renderLogData', () => {
  it('writes text as is, line breaks included', () => {
    expect(renderLogData('GET / HTTP/1.1\r\nHost: x\r\n\r\n')).toBe('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  });

  it('writes bytes as hex after a binary marker, or as base64 when asked', () => {
    const bytes = new Uint8Array([0x00, 0x0a, 0xff, 0x48]);
    expect(renderLogData(bytes)).toBe('[binary 4 bytes] 000aff48');
    expect(renderLogData(bytes, { binary: 'base64' })).toBe('[binary 4 bytes] AAr/SA==');
  });

  it('cuts long data at maxDataLength and says how much was left out', () => {
    expect(renderLogData('abcdefghij', { maxDataLength: 4 })).toBe('abcd... [6 more characters]');
    expect(renderLogData(new Uint8Array(10).fill(0xab), { maxDataLength: 3 })).toBe('[binary 10 bytes] ababab... [7 more bytes]');
    expect(renderLogData('abcd', { maxDataLength: 4 })).toBe('abcd');
  });

  it('does not cut a surrogate pair in half', () => {
    expect(renderLogData('ab😀cd', { maxDataLength: 3 })).toBe('ab... [4 more characters]');
  });

  it('cuts at 4096 by default', () => {
    const rendered = renderLogData(new Uint8Array(5000));
    expect(rendered).toBe(`[binary 5000 bytes] ${'00'.repeat(4096)}... [904 more bytes]`);
  });
});

describe('ConnectionLog', () => {
  it("writes the manual's sample in its line format", async () => {
    const fileName = join(dir, 'sample.log');
    const log = new ConnectionLog({ fileName, now: sampleTime });
    log.connected(peer);
    log.received(peer, 'GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n');
    log.sent({ remoteAddress: '127.0.0.1', remotePort: 49854 }, 'HTTP/1.1 101 Switching Protocols\r\n\r\n');
    log.received(peer, new Uint8Array([0x81, 0x00]));
    log.disconnected(peer);
    await log.close();
    expect(await readFile(fileName, 'utf8')).toBe(
      [
        '127.0.0.1:49854 Stat Connected.',
        '127.0.0.1:49854 Recv 09/11/2013 11:17:03: GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n',
        '127.0.0.1:49854 Sent 09/11/2013 11:17:03: HTTP/1.1 101 Switching Protocols\r\n\r\n',
        '127.0.0.1:49854 Recv 09/11/2013 11:17:03: [binary 2 bytes] 8100',
        '127.0.0.1:49854 Stat Disconnected.',
        '',
      ].join('\n'),
    );
  });

  it('appends to an existing file instead of replacing it', async () => {
    const fileName = join(dir, 'append.log');
    await writeFile(fileName, 'earlier line\n');
    const log = new ConnectionLog({ fileName, eol: '\r\n' });
    log.connected(peer);
    await log.close();
    expect(await readFile(fileName, 'utf8')).toBe('earlier line\n127.0.0.1:49854 Stat Connected.\r\n');
  });

  it('opens the file only at the first entry', async () => {
    const fileName = join(dir, 'lazy.log');
    const log = new ConnectionLog({ fileName });
    expect(existsSync(fileName)).toBe(false);
    await log.close();
    expect(existsSync(fileName)).toBe(false);
  });

  it('hands every line and its entry to the hook, with or without a file', async () => {
    const seen: Array<[string, ConnectionLogEntry]> = [];
    const log = new ConnectionLog({ hook: (line, entry) => seen.push([line, entry]), now: sampleTime });
    const bytes = new Uint8Array([1, 2]);
    log.connected(peer);
    log.sent(peer, bytes);
    await log.close();
    expect(seen.map(([line]) => line)).toEqual([
      '127.0.0.1:49854 Stat Connected.',
      '127.0.0.1:49854 Sent 09/11/2013 11:17:03: [binary 2 bytes] 0102',
    ]);
    expect(seen[1]![1]).toEqual({
      direction: 'sent',
      time: sampleTime(),
      peer,
      text: '[binary 2 bytes] 0102',
      data: bytes,
    });
    expect(seen[0]![1]).toMatchObject({ direction: 'stat', text: 'Connected.', data: undefined });
  });

  it('drops entries made after close and resolves close more than once', async () => {
    const lines: string[] = [];
    const log = new ConnectionLog({ hook: (line) => lines.push(line) });
    const closing = log.close();
    log.disconnected(peer);
    await closing;
    await log.close();
    expect(log.closed).toBe(true);
    expect(lines).toEqual([]);
  });

  it('rejects close with SGC_ERR_LOG_FILE when the file cannot be opened and nobody took the error', async () => {
    const log = new ConnectionLog({ fileName: join(dir, 'missing-dir', 'x.log') });
    log.connected(peer);
    const error = await log.close().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(SgcError);
    expect((error as SgcError).code).toBe(ErrorCode.LogFile);
    expect(((error as SgcError).cause as NodeJS.ErrnoException).code).toBe('ENOENT');
  });

  it('hands file errors to onError instead, once, and keeps calling the hook', async () => {
    const errors: SgcError[] = [];
    const lines: string[] = [];
    let failed!: () => void;
    const failure = new Promise<void>((resolve) => (failed = resolve));
    const log = new ConnectionLog({
      fileName: join(dir, 'missing-dir', 'y.log'),
      hook: (line) => lines.push(line),
      onError: (error) => {
        errors.push(error);
        failed();
      },
    });
    log.connected(peer);
    await failure;
    log.disconnected(peer);
    await log.close();
    expect(errors.map((error) => error.code)).toEqual([ErrorCode.LogFile]);
    expect(lines).toHaveLength(2);
  });

  it('needs a fileName or a hook and checks its options', () => {
    expect(() => new ConnectionLog({})).toThrow(/fileName or a hook/);
    expect(() => new ConnectionLog({ hook: () => {}, maxDataLength: 0 })).toThrow(/positive/);
    expect(() => new ConnectionLog({ hook: () => {}, binary: 'utf8' as 'hex' })).toThrow(/hex or base64/);
  });
});
