/**
 * JSON-RPC 2.0 (https://www.jsonrpc.org/specification), the envelope of the sgc
 * sub-protocols and of the load balancer: requests and notifications one way, results and
 * errors the other.
 *
 * @module
 */
import { ErrorCode, SgcError } from './errors.js';

/** A request id (§4): a string, a number, or `null`. */
export type JsonRpcId = string | number | null;

/** A request (with `id`) or a notification (without `id`), JSON-RPC 2.0 §4. */
export interface JsonRpcRequest {
  readonly jsonrpc: '2.0';
  /** The method; names starting with `rpc.` are reserved (§4). */
  readonly method: string;
  /** Positional (array) or named (object) parameters; sgc also sends strings. */
  readonly params?: unknown;
  /** Absent for a notification, which gets no answer (§4.1). */
  readonly id?: JsonRpcId;
}

/** The error object of a failed response (§5.1). */
export interface JsonRpcErrorObject {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

/**
 * A response (§5): `result` on success, `error` on failure. sgc servers also push events
 * as results without an `id`.
 */
export interface JsonRpcResponse {
  readonly jsonrpc: '2.0';
  readonly result?: unknown;
  readonly error?: JsonRpcErrorObject;
  readonly id?: JsonRpcId;
}

/** The error codes JSON-RPC 2.0 §5.1 predefines, plus -32000, the first implementation-defined server error. */
export const JsonRpcErrorCode = {
  /** The text is not JSON. */
  ParseError: -32700,
  /** The JSON is not a valid request object. */
  InvalidRequest: -32600,
  /** No such method (or the caller may not call it). */
  MethodNotFound: -32601,
  /** The parameters do not fit the method. */
  InvalidParams: -32602,
  /** The server failed while handling the call. */
  InternalError: -32603,
  /** An application error of the server (-32000 to -32099). */
  ServerError: -32000,
} as const;

/**
 * A JSON-RPC error answer turned into an exception: `rpcCode`, `message` and `data` are
 * the peer's; `code` is always `SGC_ERR_REMOTE`.
 *
 * @example
 * ```ts
 * try {
 *   await client.rpc('divide', [1, 0]);
 * } catch (error) {
 *   if (error instanceof RpcError && error.rpcCode === -32602) console.log(error.data);
 * }
 * ```
 */
export class RpcError extends SgcError {
  /** The JSON-RPC error code (see {@link JsonRpcErrorCode}). */
  readonly rpcCode: number;
  /** The error's `data`, if the peer sent any. */
  readonly data: unknown;

  /**
   * @param error - the error object the peer sent
   */
  constructor(error: JsonRpcErrorObject) {
    super(ErrorCode.Remote, error.message);
    this.rpcCode = error.code;
    this.data = error.data;
  }
}

/**
 * Writes a request, or a notification when `id` is `undefined`.
 *
 * @param method - the method name
 * @param params - the parameters; omitted from the text when `undefined`
 * @param id - the request id
 * @returns the JSON text
 * @example
 * ```ts
 * encodeRequest('subtract', [42, 23], 1); // '{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}'
 * ```
 */
export function encodeRequest(method: string, params?: unknown, id?: JsonRpcId): string {
  return JSON.stringify({ jsonrpc: '2.0', method, params, id });
}

/**
 * Writes a successful response; without an `id` it is an sgc push (an event, a message).
 *
 * @param result - the result
 * @param id - the id of the request it answers
 * @returns the JSON text
 */
export function encodeResult(result: unknown, id?: JsonRpcId): string {
  return JSON.stringify({ jsonrpc: '2.0', result: result ?? null, id });
}

/**
 * Writes an error response (§5.1).
 *
 * @param error - code, message and optional data
 * @param id - the id of the request it answers; `null` when it could not be read (§5)
 * @returns the JSON text
 */
export function encodeError(error: JsonRpcErrorObject, id: JsonRpcId): string {
  return JSON.stringify({ jsonrpc: '2.0', error, id });
}

/** Why a text is not a JSON-RPC message: the code to answer with and, when it could be read, the id. */
export class JsonRpcDecodeError extends SgcError {
  /** {@link JsonRpcErrorCode.ParseError} or {@link JsonRpcErrorCode.InvalidRequest}. */
  readonly rpcCode: number;
  /** The id of the bad request, or `null` when it could not be read. */
  readonly id: JsonRpcId;

  /**
   * @param rpcCode - the JSON-RPC code to answer with
   * @param message - what is wrong
   * @param id - the request's id, if readable
   */
  constructor(rpcCode: number, message: string, id: JsonRpcId = null) {
    super(ErrorCode.ProtocolViolation, message);
    this.rpcCode = rpcCode;
    this.id = id;
  }
}

/**
 * Reads a JSON-RPC 2.0 request or notification (what a server receives).
 *
 * @param text - the message text
 * @returns the request
 * @throws {@link JsonRpcDecodeError} `rpcCode` -32700 when the text is not JSON, -32600 when it is
 *   not a request object (batches included: sgc peers never send them)
 * @example
 * ```ts
 * decodeRequest('{"jsonrpc":"2.0","method":"sgc@subscribe","params":{"channel":"news"},"id":"1"}').method;
 * ```
 */
export function decodeRequest(text: string): JsonRpcRequest {
  const value = parseJson(text);
  if (!isRecord(value)) throw new JsonRpcDecodeError(JsonRpcErrorCode.InvalidRequest, 'A request must be a JSON object');
  const id = readId(value);
  if (value.jsonrpc !== '2.0') {
    throw new JsonRpcDecodeError(JsonRpcErrorCode.InvalidRequest, 'The jsonrpc member must be exactly "2.0"', id ?? null);
  }
  if (typeof value.method !== 'string' || value.method.length === 0) {
    throw new JsonRpcDecodeError(JsonRpcErrorCode.InvalidRequest, 'The method member must be a non-empty string', id ?? null);
  }
  return value as unknown as JsonRpcRequest;
}

/**
 * Reads a JSON-RPC 2.0 response (what a client receives).
 *
 * @param text - the message text
 * @returns the response
 * @throws {@link JsonRpcDecodeError} when the text is not JSON or not a response object
 */
export function decodeResponse(text: string): JsonRpcResponse {
  const value = parseJson(text);
  if (!isRecord(value) || value.jsonrpc !== '2.0' || !('result' in value || isErrorObject(value.error))) {
    throw new JsonRpcDecodeError(JsonRpcErrorCode.InvalidRequest, 'Not a JSON-RPC 2.0 response');
  }
  return value as unknown as JsonRpcResponse;
}

/**
 * Tells whether a value is a JSON object (not an array, not `null`).
 *
 * @param value - any value
 * @returns `true` for a plain object
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new JsonRpcDecodeError(JsonRpcErrorCode.ParseError, 'The message is not JSON');
  }
}

function readId(value: Record<string, unknown>): JsonRpcId | undefined {
  const id = value.id;
  if (id === undefined) return undefined;
  if (typeof id === 'string' || typeof id === 'number' || id === null) return id;
  throw new JsonRpcDecodeError(JsonRpcErrorCode.InvalidRequest, 'The id must be a string, a number or null');
}

/**
 * Tells whether a parsed message is a response (it has `result` or `error` and no `method`):
 * a peer that receives one it did not ask for must not answer it, or two peers could loop.
 *
 * @param value - a parsed JSON value
 * @returns `true` for a response
 */
export function isJsonRpcResponse(value: unknown): boolean {
  return isRecord(value) && value.method === undefined && ('result' in value || 'error' in value);
}

function isErrorObject(value: unknown): value is JsonRpcErrorObject {
  return isRecord(value) && typeof value.code === 'number' && typeof value.message === 'string';
}
