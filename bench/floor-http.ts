/**
 * The node HTTP floor: node's HTTP server with an empty handler — it reads the body (so the client's
 * writes cost what they cost against the local cloud) and answers a small JSON envelope — as a child
 * process of its own, like the local cloud, loaded by the same generator (autocannon) with the same
 * connections and bodies. The local cloud cannot answer faster than this on the same machine.
 *
 *   node --import tsx bench/floor-http.ts --port <port>
 */
import { createServer } from 'http';
import { numberArg, parseArgs } from './lib/child';

const args = parseArgs(process.argv.slice(2));
const port = numberArg(args, 'port', 0);
const reply = JSON.stringify({ ok: true, data: {} });

const server = createServer((req, res) => {
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(reply);
    return;
  }
  req.on('data', () => undefined);
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(reply) });
    res.end(reply);
  });
});
server.listen(port, '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
