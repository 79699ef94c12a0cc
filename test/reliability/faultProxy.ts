/**
 * A loopback HTTP proxy in front of the TAT emulator that injects the API faults the emulator itself does
 * not: HTTP 5xx, a connection reset after the request was forwarded (the answer is lost), a stalled answer
 * (the SDK's request timeout), throttling (`RequestLimitExceeded`) and a slow API. Real HTTP, real SDK.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';

/** What the proxy does to one API call. */
export type ApiFault = 'pass' | '5xx' | 'reset' | 'stall' | 'throttle' | 'slow';

/** Decides the fault of a call from its action and how many RunCommand calls went before it (the stage). */
export type FaultRule = (action: string, runCommands: number) => ApiFault;

export interface FaultProxy {
  endpoint: string;
  /** replaces the rule (default: pass everything) */
  setRule(rule: FaultRule): void;
  /** calls seen and faults injected, by action */
  injected: { action: string; fault: ApiFault }[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

function forward(
  target: URL,
  req: IncomingMessage,
  body: Buffer,
): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers } as Record<string, string>;
    const out = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 502,
            headers: { 'content-type': 'application/json' },
            body: Buffer.concat(parts),
          }),
        );
      },
    );
    out.on('error', reject);
    out.end(body);
  });
}

const throttled = (requestId: string) =>
  JSON.stringify({
    Response: {
      Error: { Code: 'RequestLimitExceeded', Message: 'injected throttling' },
      RequestId: requestId,
    },
  });

/** Starts a proxy on an ephemeral loopback port forwarding to `upstream` (`http://127.0.0.1:P`). */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  let rule: FaultRule = () => 'pass';
  let runCommands = 0;
  const injected: FaultProxy['injected'] = [];
  const stalled = new Set<IncomingMessage>();
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const action = String(req.headers['x-tc-action'] ?? '');
    const fault = rule(action, runCommands);
    if (action === 'RunCommand') runCommands += 1;
    if (fault !== 'pass') injected.push({ action, fault });
    if (fault === 'throttle') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(throttled(`proxy-${injected.length}`));
      return;
    }
    if (fault === '5xx') {
      res.writeHead(502, { 'content-type': 'text/html' }).end('<html>502 Bad Gateway</html>');
      return;
    }
    if (fault === 'slow') await new Promise((r) => setTimeout(r, 700));
    // reset and stall forward first: the call took effect upstream, only its answer is lost
    const answer = await forward(target, req, body).catch(() => null);
    if (fault === 'reset' || answer === null) {
      req.socket.destroy();
      return;
    }
    if (fault === 'stall') {
      stalled.add(req);
      return;
    }
    res.writeHead(answer.status, answer.headers).end(answer.body);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    setRule: (r) => {
      rule = r;
      runCommands = 0;
    },
    injected,
    close: async () => {
      for (const r of stalled) r.socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
