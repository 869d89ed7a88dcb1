/**
 * The envelope of the request/response protocol the parent speaks with its
 * child processes over Node's IPC channel.
 *
 * @module
 */

/** A command set: each command's argument and result types. Both must survive JSON. */
export type CommandMap = Record<string, { args: unknown; result: unknown }>;

/** A request from the parent. `id` pairs it with its response. */
export interface RpcRequest {
  readonly id: number;
  readonly cmd: string;
  readonly args: unknown;
}

/** A child's answer to one request. */
export type RpcResponse =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };

/** Sent once by a child when its message handler is in place, so no request is lost before that. */
export interface ReadyMessage {
  readonly ready: true;
}

/**
 * Checks that a value received over IPC is a request.
 *
 * @param value - the received message
 * @returns whether it has the shape of {@link RpcRequest}
 */
export function isRpcRequest(value: unknown): value is RpcRequest {
  return typeof value === 'object' && value !== null && typeof (value as RpcRequest).id === 'number' && typeof (value as RpcRequest).cmd === 'string';
}

/**
 * Checks that a value received over IPC is a response.
 *
 * @param value - the received message
 * @returns whether it has the shape of {@link RpcResponse}
 */
export function isRpcResponse(value: unknown): value is RpcResponse {
  return typeof value === 'object' && value !== null && typeof (value as RpcResponse).id === 'number' && typeof (value as RpcResponse).ok === 'boolean';
}

/**
 * Checks for the child's ready signal.
 *
 * @param value - the received message
 * @returns whether it is a {@link ReadyMessage}
 */
export function isReadyMessage(value: unknown): value is ReadyMessage {
  return typeof value === 'object' && value !== null && (value as ReadyMessage).ready === true;
}
