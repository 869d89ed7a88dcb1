/**
 * `@sgc/browser-js`: the manual's browser library `sgcWebSockets.js` as an ES module:
 * `sgcWebSocket` (WebSocket, falling back to server-sent events) and the `sgcWSStreamRead`
 * helper; and the browser faces of the sgc protocols: `sgcws` (`esegece.com.js`, the default
 * protocol), `sgcws_presence` (`presence.esegece.com.js`), `sgcws_dataset`
 * (`dataset.esegece.com.js`) and `sgcws_webrtc` (`webrtc.esegece.com.js`). The same code,
 * built as classic scripts of those names, is what an sgc server serves at those paths, next
 * to the test pages (`/sgcWebSockets.html`, `/esegece.com.html`, `/presence.esegece.com.html`,
 * `/dataset.esegece.com.html`, `/webrtc.esegece.com.html`).
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
export { sgcws } from './protocols/sgcws.js';
export * from './protocols/sgcws-events.js';
export { sgcws_presence } from './protocols/sgcws-presence.js';
export * from './protocols/sgcws-presence-events.js';
export { sgcws_webrtc, type SgcwsWebrtcOptions } from './protocols/sgcws-webrtc.js';
export * from './protocols/sgcws-webrtc-events.js';
export { sgcws_dataset } from './protocols/sgcws-dataset.js';
export * from './protocols/sgcws-dataset-events.js';
export { sgcWSStreamRead, type StreamReadCallback, type StreamSource } from './stream-read.js';
export { connectionUrls, postBackUrl, URL_AUTH_PATH, SSE_CONNECTION_PARAM, type ConnectionUrls, type UrlAuth } from './connection-url.js';
export { SSE_CONNECTION_EVENT } from './transports/sse-link.js';
export type { OutgoingData, TransportName } from './transports/link.js';
