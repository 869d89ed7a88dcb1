/**
 * `@sgc/browser-js`: the manual's browser library `sgcWebSockets.js` as an ES module:
 * `sgcWebSocket` (WebSocket, falling back to server-sent events) and the `sgcWSStreamRead`
 * helper. The same code, built as the classic script `sgcWebSockets.js`, is what an sgc
 * server serves at `/sgcWebSockets.js`, next to its test page `/sgcWebSockets.html`.
 *
 * @example
 * ```ts
 * import { sgcWebSocket } from '@sgc/browser-js';
 *
 * const socket = new sgcWebSocket(`ws://${location.host}/chat`);
 * socket.on('message', (event) => console.log(event.message));
 * socket.send('hello'); // sent once the connection opens
 * ```
 *
 * @packageDocumentation
 */
export { sgcWebSocket, type SgcWebSocketState } from './sgc-websocket.js';
export { SgcMessageEvent, SgcStreamEvent, type SgcWebSocketEventMap } from './events.js';
export { sgcWSStreamRead, type StreamReadCallback, type StreamSource } from './stream-read.js';
export { connectionUrls, postBackUrl, URL_AUTH_PATH, SSE_CONNECTION_PARAM, type ConnectionUrls, type UrlAuth } from './connection-url.js';
export { SSE_CONNECTION_EVENT } from './transports/sse-link.js';
export type { OutgoingData, TransportName } from './transports/link.js';
