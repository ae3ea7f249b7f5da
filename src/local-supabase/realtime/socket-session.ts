import type { WebSocket } from 'ws';
import { Channel, reply, type ChannelDeps, type ChannelSocket } from './channel.js';
import { decodeInbound, FrameError, type Frame, type Inbound, type Vsn } from './frames.js';

const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

/** Phoenix's answer to a frame for a topic this socket has not joined. */
const UNMATCHED_TOPIC = { reason: 'unmatched topic' };

/**
 * One WebSocket: decodes frames, answers heartbeats, and routes joins, leaves and channel events.
 * Frames are handled one after another, as a Phoenix socket does, so a push that follows a join
 * is seen after the join.
 */
export class SocketSession implements ChannelSocket {
  private readonly channels = new Map<string, Channel>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly ws: WebSocket,
    readonly vsn: Vsn,
    readonly socketToken: string,
    private readonly deps: ChannelDeps,
  ) {
    ws.on('message', (data: Buffer, isBinary: boolean) => this.enqueue(data, isBinary));
    ws.on('close', () => this.closeChannels());
    ws.on('error', () => ws.terminate());
  }

  send(message: string | Buffer): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    // A client that stopped reading would otherwise make the server buffer every change for it.
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.ws.terminate();
      return;
    }
    this.ws.send(message, { binary: typeof message !== 'string' });
  }

  channelCount(): number {
    return this.channels.size;
  }

  forget(channel: Channel): void {
    if (this.channels.get(channel.topic) === channel) this.channels.delete(channel.topic);
  }

  /** Leaves every channel (presence leaves, bindings dropped) without telling this socket. */
  closeChannels(): void {
    for (const channel of this.channels.values()) channel.close();
    this.channels.clear();
  }

  private enqueue(data: Buffer, isBinary: boolean): void {
    this.queue = this.queue
      .then(() => this.handle(decodeInbound(data, isBinary, this.vsn)))
      .catch((error: unknown) => {
        // A client that sends what the protocol does not allow is disconnected, as Phoenix does.
        if (error instanceof FrameError) this.ws.close(1003, error.message.slice(0, 120));
        else
          process.stderr.write(
            `realtime: socket frame failed: ${(error as Error)?.stack ?? String(error)}\n`,
          );
      });
  }

  private async handle(inbound: Inbound): Promise<void> {
    if (inbound.kind === 'binary-broadcast') {
      const channel = this.channels.get(inbound.push.topic);
      if (channel) await channel.handleBinaryBroadcast(inbound.push);
      else
        this.send(
          reply(
            this.vsn,
            { ...inbound.push, event: 'broadcast', payload: {} },
            'error',
            UNMATCHED_TOPIC,
          ),
        );
      return;
    }
    const frame = inbound.frame;
    if (frame.topic === 'phoenix' && frame.event === 'heartbeat') {
      this.send(reply(this.vsn, frame, 'ok', {}));
      return;
    }
    if (frame.event === 'phx_join') {
      await this.join(frame);
      return;
    }
    const channel = this.channels.get(frame.topic);
    if (frame.event === 'phx_leave') {
      // Phoenix answers ok even for a topic it never joined.
      this.send(reply(this.vsn, frame, 'ok', {}));
      channel?.close();
      this.channels.delete(frame.topic);
      return;
    }
    if (!channel) {
      this.send(reply(this.vsn, frame, 'error', UNMATCHED_TOPIC));
      return;
    }
    await channel.handle(frame);
  }

  private async join(frame: Frame): Promise<void> {
    const existing = this.channels.get(frame.topic);
    if (existing) {
      // A second join of a joined topic replaces the first, as Phoenix does; the client drops the old close.
      existing.close({ tellClient: true });
      this.channels.delete(frame.topic);
    }
    const channel = await Channel.join(this.deps, this, frame);
    if (!channel) return;
    if (this.ws.readyState !== this.ws.OPEN) channel.close();
    else this.channels.set(frame.topic, channel);
  }
}
