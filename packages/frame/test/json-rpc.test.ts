/**
 * The JSON-RPC 2.0 envelope, with the specification's own examples
 * (https://www.jsonrpc.org/specification §7).
 */
import { describe, expect, it } from 'vitest';
import { decodeRequest, decodeResponse, encodeError, encodeRequest, encodeResult, isJsonRpcResponse, JsonRpcDecodeError } from '../src/index.js';

describe('JSON-RPC 2.0', () => {
  it('writes requests, notifications, results and errors as the specification shows them', () => {
    expect(encodeRequest('subtract', [42, 23], 1)).toBe('{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}');
    expect(encodeRequest('update', [1, 2, 3, 4, 5])).toBe('{"jsonrpc":"2.0","method":"update","params":[1,2,3,4,5]}');
    expect(encodeRequest('foobar')).toBe('{"jsonrpc":"2.0","method":"foobar"}');
    expect(encodeResult(19, 1)).toBe('{"jsonrpc":"2.0","result":19,"id":1}');
    expect(encodeResult(undefined, 'x')).toBe('{"jsonrpc":"2.0","result":null,"id":"x"}');
    expect(encodeError({ code: -32601, message: 'Method not found' }, '1')).toBe(
      '{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"},"id":"1"}',
    );
  });

  it.each<[string, string, number, unknown]>([
    ['invalid JSON', '{"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz]', -32700, null],
    ['a number', '1', -32600, null],
    ['an empty batch', '[]', -32600, null],
    ['a method that is not a string', '{"jsonrpc": "2.0", "method": 1, "params": "bar"}', -32600, null],
    ['a wrong version, keeping the id', '{"jsonrpc": "1.0", "method": "a", "id": "q"}', -32600, 'q'],
  ])('refuses %s with its code', (_name, text, code, id) => {
    const error = (() => {
      try {
        decodeRequest(text);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(JsonRpcDecodeError);
    expect(error).toMatchObject({ code: 'SGC_ERR_PROTOCOL_VIOLATION', rpcCode: code, id });
  });

  it('reads requests and responses', () => {
    expect(decodeRequest('{"jsonrpc":"2.0","method":"subtract","params":{"subtrahend":23},"id":3}')).toEqual({
      jsonrpc: '2.0',
      method: 'subtract',
      params: { subtrahend: 23 },
      id: 3,
    });
    expect(decodeResponse('{"jsonrpc":"2.0","result":null,"id":1}').result).toBeNull();
    expect(decodeResponse('{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":null}').error?.code).toBe(-32600);
    expect(() => decodeResponse('{"jsonrpc":"2.0","id":1}')).toThrow(JsonRpcDecodeError);
    expect(() => decodeResponse('{"jsonrpc":"2.0","error":{"code":"x"},"id":1}')).toThrow(JsonRpcDecodeError);
  });
});

describe('isJsonRpcResponse', () => {
  it('tells answers from calls', () => {
    expect(isJsonRpcResponse({ jsonrpc: '2.0', result: 1, id: 1 })).toBe(true);
    expect(isJsonRpcResponse({ jsonrpc: '2.0', error: { code: 1, message: 'x' }, id: null })).toBe(true);
    expect(isJsonRpcResponse({ jsonrpc: '2.0', method: 'm', id: 1 })).toBe(false);
    expect(isJsonRpcResponse([])).toBe(false);
  });
});
