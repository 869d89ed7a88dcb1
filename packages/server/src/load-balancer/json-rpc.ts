/**
 * The JSON-RPC 2.0 envelope the load balancer speaks: reading one message and
 * writing requests' answers and notifications. Batches are not part of the
 * protocol and are refused as invalid requests.
 *
 * @module
 */

/** A JSON-RPC id: `undefined` marks a notification, which is never answered (JSON-RPC 2.0 §4.1). */
export type RpcId = string | number | null;

/** The error codes of JSON-RPC 2.0 §5.1, plus the implementation-defined server error. */
export const RpcErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  /** The first of the implementation-defined server errors: here, no back-end to offer. */
  ServerError: -32000,
} as const;

/** What one received text is. */
export type RpcMessage =
  /** A request (with `id`) or a notification (`id` undefined). */
  | { readonly kind: 'call'; readonly method: string; readonly params: unknown; readonly id: RpcId | undefined }
  /** An answer to something we sent; nothing replies to answers, so two peers never loop on errors. */
  | { readonly kind: 'response' }
  /** Not JSON-RPC: answer with this error. */
  | { readonly kind: 'invalid'; readonly code: number; readonly message: string; readonly id: RpcId };

/** A failure a method handler raises to answer with a JSON-RPC error instead of a result. */
export class RpcFailure extends Error {
  /**
   * @param code - one of {@link RpcErrorCode}
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
 * @returns a call, a response to ignore, or the error to answer with
 */
export function parseRpc(text: string): RpcMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'invalid', code: RpcErrorCode.ParseError, message: 'Parse error', id: null };
  }
  if (!isRecord(value)) return invalid(null);
  const id = value['id'];
  const validId = id === undefined || id === null || typeof id === 'string' || typeof id === 'number';
  if (value['method'] === undefined && ('result' in value || 'error' in value)) return { kind: 'response' };
  if (value['jsonrpc'] !== '2.0' || typeof value['method'] !== 'string' || !validId) return invalid(validId ? (id ?? null) : null);
  return { kind: 'call', method: value['method'], params: value['params'], id };
}

/**
 * Writes a successful answer.
 *
 * @param id - the request's id
 * @param result - the result
 * @returns the JSON text
 */
export function rpcResult(id: RpcId, result: unknown): string {
  return JSON.stringify({ jsonrpc: '2.0', result, id });
}

/**
 * Writes an error answer.
 *
 * @param id - the request's id, or `null` when it could not be read
 * @param code - one of {@link RpcErrorCode}
 * @param message - a short description
 * @returns the JSON text
 */
export function rpcError(id: RpcId, code: number, message: string): string {
  return JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id });
}

/**
 * Writes a notification.
 *
 * @param method - the method
 * @param params - its parameters
 * @returns the JSON text
 */
export function rpcNotification(method: string, params: Record<string, unknown>): string {
  return JSON.stringify({ jsonrpc: '2.0', method, params });
}

/**
 * Whether a value is a plain JSON object (not an array or `null`).
 *
 * @param value - any parsed JSON value
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(id: RpcId): RpcMessage {
  return { kind: 'invalid', code: RpcErrorCode.InvalidRequest, message: 'Invalid Request', id };
}
