/**
 * Server-sent events for the dashboard (`GET /_admin/events`). Changes are coalesced: clients
 * get at most one `change` event per interval listing the topics that changed, and refetch what
 * they show. A burst of thousands of submits per second costs a handful of small messages.
 *
 * @packageDocumentation
 */

import type { Context } from 'hono';
import { streamSSE, type SSEMessage, type SSEStreamingApi } from 'hono/streaming';

/** What changed: the dashboard refreshes the matching panels. */
export type ChangeTopic = 'approvals' | 'actions' | 'agents' | 'audit' | 'kill-switch' | 'deliveries' | 'webhooks' | 'governance' | 'reset';

interface Client {
  readonly stream: SSEStreamingApi;
  /** Ends the client's stream (the server shuts down). */
  readonly end: () => void;
}

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
   */
  constructor(
    private readonly intervalMs = 100,
    heartbeatMs = 15_000,
  ) {
    this.heartbeat = setInterval(() => this.broadcast((stream) => stream.write(': keep-alive\n\n')), heartbeatMs);
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
      const message: SSEMessage = { event: 'change', data: JSON.stringify({ topics }), id: String(this.seq) };
      this.broadcast((stream) => stream.writeSSE(message));
    }, this.intervalMs);
  }

  /**
   * The event stream of one client (hono's SSE helper): `hello` with initial facts about the
   * server, then `change` events until the client goes away or the hub closes.
   */
  connect(c: Context, hello: Record<string, unknown>): Response {
    c.header('x-accel-buffering', 'no');
    const response = streamSSE(c, async (stream) => {
      if (this.closed) return;
      await new Promise<void>((resolve) => {
        const client: Client = { stream, end: resolve };
        const leave = (): void => {
          this.clients.delete(client);
          resolve();
        };
        stream.onAbort(leave);
        this.clients.add(client);
        stream.writeSSE({ event: 'hello', data: JSON.stringify(hello), retry: 2000 }).catch(leave);
      });
    });
    // As every admin answer: never stored (the helper's default is `no-cache`).
    response.headers.set('cache-control', 'no-store');
    return response;
  }

  /** Ends every stream (shutdown). */
  close(): void {
    this.closed = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.timer);
    for (const c of this.clients) c.end();
    this.clients.clear();
  }

  private broadcast(send: (stream: SSEStreamingApi) => Promise<unknown>): void {
    for (const c of [...this.clients]) {
      send(c.stream).catch(() => {
        this.clients.delete(c);
        c.end();
      });
    }
  }
}
