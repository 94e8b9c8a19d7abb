/**
 * A minimal Marionette client: Firefox's own remote protocol, spoken over its TCP socket.
 * Frames are `<byte length>:<JSON>`; a command is `[0, id, name, params]`, its answer
 * `[1, id, error, result]`. npm has no maintained Marionette client, and geckodriver is a
 * downloaded binary (not in Debian), so the run talks to Firefox directly.
 */
import { connect, type Socket } from 'node:net';

export class MarionetteError extends Error {
  constructor(readonly command: string, readonly code: string, message: string) {
    super(`${command}: ${code}: ${message}`);
  }
}

type Pending = { command: string; resolve: (value: any) => void; reject: (error: Error) => void };

export class Marionette {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private buffer = Buffer.alloc(0);
  private greeted!: () => void;
  private readonly greeting = new Promise<void>((resolve) => (this.greeted = resolve));
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => this.receive(chunk));
    socket.on('close', () => {
      this.closed = true;
      for (const { command, reject } of this.pending.values()) reject(new Error(`${command}: Marionette connection closed`));
      this.pending.clear();
    });
    socket.on('error', () => undefined);
  }

  /** Connects to `127.0.0.1:port`, retrying while Firefox is still starting. */
  static async connect(port: number, timeoutMs = 20_000): Promise<Marionette> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const socket = await new Promise<Socket>((resolve, reject) => {
          const candidate = connect(port, '127.0.0.1', () => resolve(candidate));
          candidate.once('error', reject);
        });
        const client = new Marionette(socket);
        await client.greeting;
        return client;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`no Marionette on port ${port}: ${error instanceof Error ? error.message : String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    }
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const colon = this.buffer.indexOf(0x3a);
      if (colon < 0) return;
      const length = Number(this.buffer.subarray(0, colon).toString('ascii'));
      if (this.buffer.length < colon + 1 + length) return;
      const frame = JSON.parse(this.buffer.subarray(colon + 1, colon + 1 + length).toString('utf8'));
      this.buffer = this.buffer.subarray(colon + 1 + length);
      if (!Array.isArray(frame)) {
        this.greeted(); // {"applicationType":"gecko","marionetteProtocol":3}
        continue;
      }
      const [, id, error, result] = frame as [1, number, { error: string; message: string } | null, unknown];
      const waiting = this.pending.get(id);
      if (!waiting) continue;
      this.pending.delete(id);
      if (error) waiting.reject(new MarionetteError(waiting.command, error.error, error.message));
      else waiting.resolve(result);
    }
  }

  /** Sends one command; resolves with its result (`value` unwrapped when that is all there is). */
  async send<T = any>(command: string, params: Record<string, unknown> = {}): Promise<T> {
    if (this.closed) throw new Error(`${command}: Marionette connection closed`);
    const id = this.nextId++;
    const body = Buffer.from(JSON.stringify([0, id, command, params]), 'utf8');
    const answer = new Promise<any>((resolve, reject) => this.pending.set(id, { command, resolve, reject }));
    this.socket.write(Buffer.concat([Buffer.from(`${body.length}:`, 'ascii'), body]));
    const result = await answer;
    const unwrap = result && typeof result === 'object' && !Array.isArray(result) && Object.keys(result).length === 1 && 'value' in result;
    return (unwrap ? result.value : result) as T;
  }

  close(): void {
    this.socket.destroy();
  }
}
