// The demo page's two panels: a WebSocket echo and an EventSource clock, on the page's own host.
'use strict';

(function echo() {
  const state = document.getElementById('echo-state');
  const log = document.getElementById('echo-log');
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(`${scheme}//${location.host}/echo`);
  socket.onopen = () => (state.textContent = 'open');
  socket.onclose = (event) => (state.textContent = `closed (${event.code})`);
  socket.onmessage = (event) => {
    const item = document.createElement('li');
    item.textContent = event.data;
    log.prepend(item);
  };
  document.getElementById('echo-form').onsubmit = (event) => {
    event.preventDefault();
    socket.send(document.getElementById('echo-text').value);
  };
})();

(function clock() {
  const clock = document.getElementById('clock');
  const events = new EventSource('/clock');
  events.addEventListener('tick', (event) => (clock.textContent = `last tick ${event.data} (id ${event.lastEventId})`));
  events.onerror = () => (clock.textContent = 'reconnecting…');
})();
