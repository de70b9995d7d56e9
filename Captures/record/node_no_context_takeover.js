#!/usr/bin/node
// node `ws` server and client with permessage-deflate negotiated with
// server_no_context_takeover and client_no_context_takeover, threshold 0 (so
// even short messages are compressed).  The client sends a few messages, some
// of them repeated; the server echoes each one.  Without context takeover the
// repeated messages compress to the same bytes every time (compare
// chromium-deflate.pcap, where the second copy is tiny).  Then the client closes
// with 1000 "done" and both stop.
//
//   NODE_PATH=/usr/share/nodejs node node_no_context_takeover.js [port]
'use strict';
const WebSocket = require('ws');

const port = Number(process.argv[2] || 8765);
const deflate = {
  serverNoContextTakeover: true,
  clientNoContextTakeover: true,
  threshold: 0,
};
const LONG = 'WebSocket is a protocol providing full-duplex communication channels ' +
  'over a single TCP connection; permessage-deflate compresses each message.';
const messages = [
  'hello', 'hello', 'hello',
  LONG, LONG,
  Buffer.from([0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7]),
  'bye',
];

// never run longer than 20 s
setTimeout(() => { console.error('timeout'); process.exit(2); }, 20000).unref();

const wss = new WebSocket.Server({ host: '127.0.0.1', port, perMessageDeflate: deflate });
wss.on('connection', (ws, req) => {
  console.log('server: extensions', req.headers['sec-websocket-extensions']);
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
});
wss.on('listening', () => {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/no-context-takeover`, { perMessageDeflate: deflate });
  let i = 0;
  ws.on('open', () => {
    console.log('client: negotiated', ws.extensions);
    ws.send(messages[i]);
  });
  ws.on('message', (data, isBinary) => {
    console.log('client: echo of', isBinary ? `${data.length} binary bytes` : JSON.stringify(data.toString()));
    i += 1;
    if (i < messages.length) ws.send(messages[i]);
    else ws.close(1000, 'done');
  });
  ws.on('close', (code, reason) => {
    console.log('client: closed', code, reason.toString());
    wss.close(() => process.exit(0));
  });
});
