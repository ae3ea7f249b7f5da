import WebSocket from 'ws';

export type Vsn = '1.0.0' | '2.0.0';

/** A message as both protocol versions carry it. */
export interface WireMessage {
  join_ref: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: Record<string, unknown>;
}

/**
 * A bare Phoenix socket speaking raw frames, to pin wire details (vsn 1.0.0 objects, 2.0.0 arrays,
 * binary broadcasts) that supabase-js hides.
 */
export class PhoenixSocket {
  readonly received: (WireMessage | Buffer)[] = [];
  private waiters: (() => void)[] = [];
  private nextRef = 1;

  private constructor(
    private readonly ws: WebSocket,
    readonly vsn: Vsn,
  ) {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      this.received.push(isBinary ? data : this.decode(data.toString('utf8')));
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** Connects to `<stack url>/realtime/v1/websocket`; rejects with the HTTP status when the handshake is refused. */
  static connect(stackUrl: string, apikey: string, vsn: Vsn): Promise<PhoenixSocket> {
    const url = `${stackUrl.replace(/^http/, 'ws')}/realtime/v1/websocket?apikey=${encodeURIComponent(apikey)}&vsn=${vsn}`;
    const ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new PhoenixSocket(ws, vsn)));
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () =>
          reject(
            Object.assign(new Error(`handshake refused: ${res.statusCode} ${body}`), {
              status: res.statusCode,
              body,
            }),
          ),
        );
      });
      ws.once('error', reject);
    });
  }

  private decode(text: string): WireMessage {
    const parsed = JSON.parse(text) as unknown;
    if (this.vsn === '2.0.0') {
      const [join_ref, ref, topic, event, payload] = parsed as [
        string | null,
        string | null,
        string,
        string,
        Record<string, unknown>,
      ];
      return { join_ref, ref, topic, event, payload };
    }
    return parsed as WireMessage;
  }

  /** Sends a text frame in this socket's version; returns the ref it used. */
  push(topic: string, event: string, payload: unknown, joinRef: string | null = null): string {
    const ref = String(this.nextRef++);
    const frame =
      this.vsn === '2.0.0'
        ? JSON.stringify([joinRef, ref, topic, event, payload])
        : JSON.stringify({ topic, event, payload, ref, join_ref: joinRef });
    this.ws.send(frame);
    return ref;
  }

  sendBinary(data: Buffer): void {
    this.ws.send(data, { binary: true });
  }

  /** Joins and returns the phx_reply; the join ref is the push ref, as realtime-js does. */
  async join(topic: string, payload: unknown): Promise<{ joinRef: string; reply: WireMessage }> {
    const joinRef = String(this.nextRef);
    const ref = this.push(topic, 'phx_join', payload, joinRef);
    const reply = await this.next((m) => m.event === 'phx_reply' && m.ref === ref);
    return { joinRef, reply };
  }

  /** The first text message (received or yet to come) that matches. */
  async next(match: (message: WireMessage) => boolean, timeoutMs = 5000): Promise<WireMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find((m): m is WireMessage => !Buffer.isBuffer(m) && match(m));
      if (found) return found;
      const remaining = deadline - Date.now();
      if (remaining <= 0)
        throw new Error(
          `no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.received)}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The first binary frame received (or yet to come). */
  async nextBinary(timeoutMs = 5000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find((m): m is Buffer => Buffer.isBuffer(m));
      if (found) return found;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no binary frame within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.ws.close();
  }
}
