/**
 * The entry of the classic script `dist/webrtc.esegece.com.js`: pages load it with a plain
 * `<script src="/webrtc.esegece.com.js">` and use the manual's globals. It is self-contained, so
 * it also defines what `sgcWebSockets.js` and `esegece.com.js` do: a page loads one script only.
 *
 * @module
 */
import { sgcws_webrtc } from './protocols/sgcws-webrtc.js';
import { sgcws } from './protocols/sgcws.js';
import { sgcWebSocket } from './sgc-websocket.js';
import { sgcWSStreamRead } from './stream-read.js';

Object.assign(globalThis, { sgcWebSocket, sgcWSStreamRead, sgcws, sgcws_webrtc });
