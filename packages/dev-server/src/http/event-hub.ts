/**
 * Server-sent events for the dashboard (`GET /_admin/events`). Changes are coalesced: clients
 * get at most one `change` event per interval listing the topics that changed, and refetch what
 * they show. A burst of thousands of submits per second costs a handful of small messages.
 *
 * @packageDocumentation
 */

/** What changed: the dashboard refreshes the matching panels. */
export type ChangeTopic = 'approvals' | 'actions' | 'agents' | 'audit' | 'kill-switch' | 'deliveries' | 'webhooks' | 'reset';

interface Client {
  readonly controller: ReadableStreamDefaultController<Uint8Array>;
}

const encoder = new TextEncoder();

/** Fans out coalesced change notifications to SSE clients. @internal */
export class EventHub {
  private readonly clients = new Set<Client>();
  private pending = new Set<ChangeTopic>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly heartbeat: ReturnType<typeof setInterval>;
  private closed = false;
  private seq = 0;

  /**
   * @param intervalMs - coalescing window.
   * @param heartbeatMs - interval of keep-alive comments.
   * @param onClients - told the number of connected clients whenever it changes.
   */
  constructor(
    private readonly intervalMs = 100,
    heartbeatMs = 15_000,
    private readonly onClients: (connected: number) => void = () => undefined,
  ) {
    this.heartbeat = setInterval(() => this.broadcast(': keep-alive\n\n'), heartbeatMs);
    this.heartbeat.unref?.();
  }

  /** Connected clients. */
  get size(): number {
    return this.clients.size;
  }

  /** Notes that `topic` changed; clients hear about it within the coalescing window. */
  publish(topic: ChangeTopic): void {
    if (this.closed || this.clients.size === 0) return;
    this.pending.add(topic);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const topics = [...this.pending];
      this.pending = new Set();
      this.seq++;
      this.broadcast(`id: ${this.seq}\nevent: change\ndata: ${JSON.stringify({ topics })}\n\n`);
    }, this.intervalMs);
  }

  /** A streaming `Response` for one client; `hello` carries initial facts about the server. */
  connect(hello: Record<string, unknown>): Response {
    let client: Client | undefined;
    const stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        if (this.closed) {
          controller.close();
          return;
        }
        client = { controller };
        this.clients.add(client);
        this.onClients(this.clients.size);
        controller.enqueue(encoder.encode(`retry: 2000\nevent: hello\ndata: ${JSON.stringify(hello)}\n\n`));
      },
      cancel: () => {
        if (client && this.clients.delete(client)) this.onClients(this.clients.size);
      },
    });
    return new Response(stream, {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
      },
    });
  }

  /** Ends every stream (shutdown). */
  close(): void {
    this.closed = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.timer);
    for (const c of this.clients) {
      try {
        c.controller.close();
      } catch {
        // Already closed by the client.
      }
    }
    this.clients.clear();
  }

  private broadcast(text: string): void {
    if (this.clients.size === 0) return;
    const bytes = encoder.encode(text);
    for (const c of [...this.clients]) {
      try {
        c.controller.enqueue(bytes);
      } catch {
        if (this.clients.delete(c)) this.onClients(this.clients.size);
      }
    }
  }
}
