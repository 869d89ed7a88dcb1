/**
 * The entry of the classic script `dist/esegece.com.js`: pages load it with a plain
 * `<script src="/esegece.com.js">` and use the manual's globals. It is self-contained, so it
 * also defines what `sgcWebSockets.js` does: a page loads one script or the other.
 *
 * @module
 */
import { sgcws } from './protocols/sgcws.js';
import { sgcWebSocket } from './sgc-websocket.js';
import { sgcWSStreamRead } from './stream-read.js';

Object.assign(globalThis, { sgcWebSocket, sgcWSStreamRead, sgcws });
