// Why the host could not listen, said so that a person knows what to do.

/** A clear sentence for the errors `listen()` gives; undefined for anything else. */
export function listenProblem(error: unknown, host: string, port: number): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const where = `${host}:${port}`;
  switch (code) {
    case 'EADDRINUSE':
      return (
        `Port ${port} is already in use (${where}): another program, or another Open Cowork host, is listening there. ` +
        'Stop it (`open-cowork stop` stops a host of this data folder), or pick another port with --port N (--port 0 picks a free one).'
      );
    case 'EACCES':
      return `Not allowed to listen on ${where}: ports below 1024 need special privileges. Pick another port with --port N (--port 0 picks a free one).`;
    case 'EADDRNOTAVAIL':
      return `Cannot listen on ${where}: this machine has no such address. Use --host with one of its addresses (the default is 127.0.0.1).`;
    default:
      return undefined;
  }
}
