#!/usr/bin/env node
// Runs inside a boundary whose network is off: starts a program, and forwards every
// connection made to a unix socket (in a folder the host also sees) to 127.0.0.1:<port>
// inside, where that program listens. Exits with the program; SIGTERM and SIGINT are passed on.
//
//   node socket-relay.mjs <socket> <port> -- <program> [args…]
//
// Plain JavaScript with Node built-ins only: it runs from this file, unbuilt, in the sandbox.
import { spawn } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { constants } from 'node:os';

const [socket, portText, separator, program, ...args] = process.argv.slice(2);
const port = Number(portText);
if (!socket || !Number.isInteger(port) || port <= 0 || port > 65535 || separator !== '--' || !program) {
  process.stderr.write('usage: socket-relay.mjs <socket> <port> -- <program> [args…]\n');
  process.exit(2);
}

rmSync(socket, { force: true });
const server = createServer((client) => {
  const upstream = connect(port, '127.0.0.1');
  const close = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', close).on('close', close);
  upstream.on('error', close).on('close', close);
  client.pipe(upstream);
  upstream.pipe(client);
});
server.listen(socket, () => chmodSync(socket, 0o600));

const child = spawn(program, args, { stdio: ['ignore', 'inherit', 'inherit'] });
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('error', (error) => {
  process.stderr.write(`socket-relay: cannot start ${program}: ${error.message}\n`);
  process.exit(127);
});
child.on('exit', (code, signal) => {
  server.close();
  rmSync(socket, { force: true });
  process.exit(code ?? 128 + (constants.signals[signal] ?? 15));
});
