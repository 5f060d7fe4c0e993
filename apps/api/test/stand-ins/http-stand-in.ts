import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface StandInAnswer {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

export interface HttpStandIn {
  url: string;
  server: Server;
  close: () => Promise<void>;
}

/** An HTTP server on 127.0.0.1 whose every answer is JSON computed from the request. */
export async function startHttpStandIn(
  answer: (request: StandInRequest) => StandInAnswer,
): Promise<HttpStandIn> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const reply = answer({
        method: req.method ?? '',
        path: new URL(req.url ?? '/', 'http://stand-in.invalid').pathname,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const text = JSON.stringify(reply.body);
      res.writeHead(reply.status, {
        'content-type': 'application/json; charset=utf-8',
        ...reply.headers,
      });
      res.end(text);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
