import { WebSocketServer } from 'ws';
import { eventFrame } from '../../src/modules/realtime/index.js';
import { BENCH_CHANNEL, benchPriceEvent, memory, onCommands, reply, wallNow } from '../realtime/common.js';

// Baseline for the realtime fan-out: a bare `ws` server, nothing of ours, that on each trigger sends
// the same event frame (same bytes, text opcode) to every client it holds. It acknowledges `auth`
// and `subscribe` without checking anything, so the clients do exactly what they do against the
// gateway (same frames both ways before the fan-out, same TCP state). Commands on stdin:
// `publish <n>` → {"published":n,"stamp":…}; `mem` → {"mem":{rss,heap_used},"connections":…}.
const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
wss.on('connection', (ws) => {
  ws.on('error', () => {});
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as { type: string; channel?: string };
    if (m.type === 'auth') ws.send(JSON.stringify({ type: 'authenticated', user_id: 'bench', role: 'user' }));
    if (m.type === 'subscribe') ws.send(JSON.stringify({ type: 'subscribed', channel: m.channel, seq: 0 }));
  });
});

onCommands((command, arg) => {
  switch (command) {
    case 'publish': {
      const n = Number(arg);
      const stamp = wallNow();
      const frame = Buffer.from(eventFrame(BENCH_CHANNEL, n, JSON.stringify(benchPriceEvent(n, stamp))));
      for (const c of wss.clients) c.send(frame, { binary: false });
      return { published: n, stamp };
    }
    case 'mem':
      return { mem: memory(), connections: wss.clients.size };
    default:
      return { error: `unknown command ${command}` };
  }
});

const address = wss.address();
reply({ port: typeof address === 'object' && address ? address.port : 0 });
process.on('SIGTERM', () => process.exit(0));
