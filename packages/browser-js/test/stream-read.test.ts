import { describe, expect, it } from 'vitest';
import { ErrorCode, sgcWSStreamWrite } from '@sgc/frame';
import { sgcWSStreamRead, type StreamSource } from '../src/index.js';

const encoder = new TextEncoder();

/** Runs sgcWSStreamRead and returns what it handed the callback, with the data as text. */
async function read(source: StreamSource): Promise<{ header: string; data: string }> {
  const seen: { header: string; stream: Blob }[] = [];
  await sgcWSStreamRead(source, (header, stream) => seen.push({ header, stream }));
  expect(seen).toHaveLength(1);
  return { header: seen[0]!.header, data: await seen[0]!.stream.text() };
}

describe('sgcWSStreamRead', () => {
  it('splits ten length digits, the id and the data (the manual layout)', async () => {
    const message = new Blob([encoder.encode('000000000500001JPEG...')]);
    expect(await read(message)).toEqual({ header: '00001', data: 'JPEG...' });
  });

  it("reads what @sgc/frame's sgcWSStreamWrite writes, from a Blob, an ArrayBuffer or a typed array", async () => {
    const written = sgcWSStreamWrite('café', encoder.encode('payload'));
    const bytes = new Uint8Array(written);
    const expected = { header: 'café', data: 'payload' };
    expect(await read(new Blob([bytes]))).toEqual(expected);
    expect(await read(bytes.buffer)).toEqual(expected);
    expect(await read(bytes)).toEqual(expected);
  });

  it('hands on the data as a slice of the Blob, keeping its type', async () => {
    const message = new Blob([encoder.encode('0000000001x'), new Uint8Array([1, 2, 3])], { type: 'image/png' });
    let stream: Blob | undefined;
    await sgcWSStreamRead(message, (_header, data) => (stream = data));
    expect(stream!.type).toBe('image/png');
    expect([...new Uint8Array(await stream!.arrayBuffer())]).toEqual([1, 2, 3]);
  });

  it('takes a zero length as an empty id, like the original reader', async () => {
    expect(await read(new Blob(['0000000000data']))).toEqual({ header: '', data: 'data' });
  });

  it.each([
    ['shorter than its length field', '00000'],
    ['a length field that is not ten digits', '00000000x5hello'],
    ['an id longer than the message', '0000000009short'],
  ])('rejects a message %s, without calling back', async (_case, text) => {
    let called = false;
    const reading = sgcWSStreamRead(new Blob([text]), () => (called = true));
    await expect(reading).rejects.toMatchObject({ code: ErrorCode.InvalidArgument });
    expect(called).toBe(false);
  });
});
