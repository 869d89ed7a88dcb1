/**
 * The entry of the classic script `dist/presence.esegece.com.js`: pages load it with a plain
 * `<script src="/presence.esegece.com.js">` and use the manual's globals. It is
 * self-contained, so it also defines what `sgcWebSockets.js` does: a page loads one script only.
 *
 * @module
 */
import { sgcws_presence } from './protocols/sgcws-presence.js';
import { sgcWebSocket } from './sgc-websocket.js';
import { sgcWSStreamRead } from './stream-read.js';

Object.assign(globalThis, { sgcWebSocket, sgcWSStreamRead, sgcws_presence });
