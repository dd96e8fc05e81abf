/**
 * A loopback-only HTTP CONNECT proxy: Firefox has no --host-resolver-rules, so it is pointed at this
 * proxy (launch-firefox.ts) for every request, and the proxy tunnels `host:443` to a local port for
 * the mapped hosts only. Every other request (plain HTTP, CONNECT to any other host or port) is
 * refused and recorded in `refused`, so the browser can reach nothing but 127.0.0.1.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ConnectProxy {
  port: number;
  /** `host:port` (CONNECT) or `METHOD url` (plain HTTP) of every request that was refused. */
  refused: string[];
  close(): Promise<void>;
}

/** `hosts` maps a host name (reached on port 443) to a port on 127.0.0.1. */
export async function startConnectProxy(hosts: Record<string, number>): Promise<ConnectProxy> {
  const refused: string[] = [];
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((req, res) => {
    refused.push(`${req.method ?? '?'} ${req.url ?? '?'}`);
    res.writeHead(403, { 'content-type': 'text/plain', connection: 'close' });
    res.end('sku-shift test proxy: only CONNECT to mapped hosts');
  });
  server.on('connection', track);
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    const [, host = '', port = ''] = /^\[?([^\]]+?)\]?:(\d+)$/.exec(target) ?? [];
    const local = port === '443' ? hosts[host.toLowerCase()] : undefined;
    if (local === undefined) {
      refused.push(target);
      client.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\n\r\n');
      return;
    }
    const upstream = connect(local, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
