/**
 * Reading the load balancer's JSON-RPC 2.0 messages (the envelope itself is `@sgc/frame`'s):
 * a call to handle, an answer to ignore, or the error to answer with. Batches are not part of
 * the protocol and are refused as invalid requests.
 *
 * @module
 */
import { decodeRequest, isJsonRpcResponse, JsonRpcDecodeError, JsonRpcErrorCode, type JsonRpcId } from '@sgc/frame';

/** What one received text is. */
export type RpcMessage =
  /** A request (with `id`) or a notification (`id` undefined). */
  | { readonly kind: 'call'; readonly method: string; readonly params: unknown; readonly id: JsonRpcId | undefined }
  /** An answer to something we sent; nothing replies to answers, so two peers never loop on errors. */
  | { readonly kind: 'response' }
  /** Not JSON-RPC: answer with this error. */
  | { readonly kind: 'invalid'; readonly code: number; readonly message: string; readonly id: JsonRpcId };

/** A failure a method handler raises to answer with a JSON-RPC error instead of a result. */
export class RpcFailure extends Error {
  /**
   * @param code - one of `JsonRpcErrorCode`
   * @param message - the error's `message` member
   */
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads one message.
 *
 * @param text - the received text
 * @returns a call, a response to ignore, or the error to answer with (with the specification's
 *   own messages, `Parse error` and `Invalid Request`)
 */
export function parseRpc(text: string): RpcMessage {
  try {
    const request = decodeRequest(text);
    return { kind: 'call', method: request.method, params: request.params, id: request.id };
  } catch (error) {
    if (!(error instanceof JsonRpcDecodeError)) throw error;
    // Parsed again only on this rare path: an answer is not a request, but must not be answered.
    if (error.rpcCode === JsonRpcErrorCode.InvalidRequest && isJsonRpcResponse(JSON.parse(text))) return { kind: 'response' };
    const message = error.rpcCode === JsonRpcErrorCode.ParseError ? 'Parse error' : 'Invalid Request';
    return { kind: 'invalid', code: error.rpcCode, message, id: error.id };
  }
}
