// The echo-stream server both tools talk to in bench/run.sh vs-promptfoo: the mock server's /ws-stream, in Node
// (`ws`), so the server's cost is the same for promptfoo and wst. On open {"type":"ready",...}; per request
// {"input": TEXT}: one {"type":"delta"} per word of "You said: TEXT", then {"type":"message"} with the whole reply,
// then {"type":"done"}. Prints "listening on PORT" once bound (port 0: any free port).
'use strict';
const { WebSocketServer } = require('ws');
const wss = new WebSocketServer({ host: '127.0.0.1', port: Number(process.argv[2] || 0), perMessageDeflate: false });
wss.on('listening', () => console.log(`listening on ${wss.address().port}`));
wss.on('connection', (ws) => {
  ws.send(JSON.stringify({ type: 'ready', message: 'Connected to /ws-stream' }));
  ws.on('message', (raw) => {
    let input;
    try {
      input = JSON.parse(raw.toString()).input;
    } catch {
      ws.send(JSON.stringify({ type: 'error', message: 'Invalid JSON payload' }));
      return;
    }
    const reply = `You said: ${input}`;
    const words = reply.split(' ');
    words.forEach((w, i) => ws.send(JSON.stringify({ type: 'delta', message: i < words.length - 1 ? w + ' ' : w })));
    ws.send(JSON.stringify({ type: 'message', message: reply }));
    ws.send(JSON.stringify({ type: 'done' }));
  });
  ws.on('error', () => {});
});
for (const s of ['SIGTERM', 'SIGINT']) process.on(s, () => wss.close(() => process.exit(0)));
