/**
 * The client side of the manual's load balancing: before connecting, ask the
 * load-balancer server which back-end to use. The manual leaves the wire format
 * open; sgc defines it in the style of its other sgc@ messages (JSON-RPC 2.0 over
 * a WebSocket, method names from the library's constants) and `@sgc/server`'s load
 * balancer answers it:
 *
 * - the client opens `ws(s)://<balancer>/sgc@load_balancer_client`;
 * - it sends `{"jsonrpc":"2.0","method":"sgc@lb@client@get@binding","id":"<id>"}`;
 * - the balancer answers `{"jsonrpc":"2.0","result":{"host":"10.0.0.2","port":8080,"ssl":false},"id":"<id>"}`,
 *   or a JSON-RPC `error` when no back-end is available.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode, SgcError } from '@sgc/frame';

/** Where the balancer listens (the manual's LoadBalancer `Host`/`Port`). */
export interface LoadBalancerOptions {
  /** Balancer host. */
  host: string;
  /** Balancer port. */
  port: number;
  /** Reach the balancer over `wss://`. @defaultValue false */
  ssl?: boolean;
}

/** The back-end a balancer assigned. */
export interface Binding {
  /** Back-end host. */
  readonly host: string;
  /** Back-end port. */
  readonly port: number;
  /** Whether the back-end expects TLS. */
  readonly ssl: boolean;
}

/** The path clients use on the balancer. */
export const LOAD_BALANCER_CLIENT_PATH = '/sgc@load_balancer_client';
/** The request method. */
export const GET_BINDING_METHOD = 'sgc@lb@client@get@binding';

/** What {@link requestBinding} needs from a WebSocket client: connect, one request, one reply. */
export interface BindingChannel {
  connect(options: { signal: AbortSignal }): Promise<void>;
  send(text: string): boolean;
  waitFor(event: 'message', options: { signal: AbortSignal }): Promise<[string]>;
  close(): Promise<void>;
}

/**
 * Builds the balancer URL.
 *
 * @param options - where the balancer listens
 * @returns `ws(s)://host:port/sgc@load_balancer_client`
 */
export function loadBalancerUrl(options: LoadBalancerOptions): URL {
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return new URL(`${options.ssl ? 'wss' : 'ws'}://${host}:${options.port}${LOAD_BALANCER_CLIENT_PATH}`);
}

/**
 * Asks the balancer for a back-end.
 *
 * @param channel - a not yet connected client pointed at {@link loadBalancerUrl}
 * @param signal - cancels the request (and carries the connect deadline)
 * @returns the binding
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_HANDSHAKE_FAILED` when the balancer answers with an error or
 * a malformed binding; the channel's own errors when it cannot connect
 * @example
 * ```ts
 * const binding = await requestBinding(new WebSocketClient({ url: loadBalancerUrl(lb) }), signal);
 * ```
 */
export async function requestBinding(channel: BindingChannel, signal: AbortSignal): Promise<Binding> {
  await channel.connect({ signal });
  try {
    const id = randomUUID();
    const reply = channel.waitFor('message', { signal });
    channel.send(JSON.stringify({ jsonrpc: '2.0', method: GET_BINDING_METHOD, id }));
    const [text] = await reply;
    return parseBinding(text, id);
  } finally {
    await channel.close();
  }
}

function parseBinding(text: string, id: string): Binding {
  const refuse = (why: string): SgcError =>
    new SgcError(ErrorCode.HandshakeFailed, `Load balancer gave no usable server: ${why}`);
  let message: { id?: unknown; result?: Record<string, unknown>; error?: { message?: unknown } };
  try {
    message = JSON.parse(text) as typeof message;
  } catch {
    throw refuse('the reply is not JSON');
  }
  if (message.id !== id) throw refuse('the reply answers another request');
  if (message.error !== undefined) throw refuse(String(message.error.message ?? 'error'));
  const result = message.result ?? {};
  const { host, port, ssl } = result;
  if (typeof host !== 'string' || host === '' || !Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535) {
    throw refuse('host and port are missing or invalid');
  }
  return { host, port: port as number, ssl: ssl === true };
}
