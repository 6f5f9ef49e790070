import { Pool } from "undici";

/** One lead as the bench posts it; `reference` lets the receiver tell when it arrived. */
export function benchLead(reference: string): string {
  return JSON.stringify({
    first_name: "Bench",
    last_name: "Lead",
    email: `${reference}@example.com`,
    phone_1: "512-555-0134",
    state: "TX",
    reference,
  });
}

export interface PostResult {
  accepted: number;
  rejected: number;
  seconds: number;
  /** Per accepted lead: how long the POST took. */
  intakeMs: number[];
  /** Per accepted lead: when it was sent (epoch ms), by reference. */
  sentAt: Map<string, number>;
}

let sequence = 0;

/**
 * Closed loop: `connections` keep-alive clients, each posting its next lead as soon as the last
 * one is answered, for `warmupSeconds` (not recorded) and then `seconds`.
 */
export async function postClosedLoop(
  base: string,
  path: string,
  postingKey: string,
  options: { connections: number; seconds: number; warmupSeconds: number },
): Promise<PostResult> {
  const pool = new Pool(base, { connections: options.connections, pipelining: 1 });
  const result: PostResult = { accepted: 0, rejected: 0, seconds: 0, intakeMs: [], sentAt: new Map() };
  const client = async (until: number, record: boolean) => {
    while (Date.now() < until) {
      const reference = `r${sequence++}`;
      const started = performance.now();
      const { statusCode, body } = await pool.request({
        method: "POST",
        path,
        headers: { "content-type": "application/json", authorization: `Bearer ${postingKey}` },
        body: benchLead(reference),
      });
      const text = await body.text();
      if (!record) continue;
      if (statusCode === 201 && text.includes('"success"')) {
        result.accepted++;
        result.intakeMs.push(performance.now() - started);
        result.sentAt.set(reference, performance.timeOrigin + started);
      } else result.rejected++;
    }
  };
  await Promise.all(Array.from({ length: options.connections }, () => client(Date.now() + options.warmupSeconds * 1000, false)));
  const started = Date.now();
  await Promise.all(Array.from({ length: options.connections }, () => client(started + options.seconds * 1000, true)));
  result.seconds = (Date.now() - started) / 1000;
  await pool.close();
  return result;
}

/**
 * Open loop at a fixed rate: a lead every 1/rate s whatever the answers do (up to `maxInFlight`
 * outstanding; beyond that a send is counted as `dropped`, the service is not keeping up).
 */
export class OpenLoopPoster {
  readonly pool: Pool;
  accepted = 0;
  rejected = 0;
  dropped = 0;
  inFlight = 0;
  readonly intakeMs: number[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    base: string,
    private readonly path: string,
    private readonly postingKey: string,
    private readonly maxInFlight = 256,
  ) {
    this.pool = new Pool(base, { connections: 64, pipelining: 1 });
  }

  start(rate: number): void {
    const started = performance.now();
    let sent = 0;
    this.timer = setInterval(() => {
      const due = Math.floor(((performance.now() - started) / 1000) * rate);
      for (; sent < due; sent++) {
        if (this.inFlight >= this.maxInFlight) {
          this.dropped++;
          continue;
        }
        void this.post();
      }
    }, 5);
  }

  private async post(): Promise<void> {
    this.inFlight++;
    const started = performance.now();
    try {
      const { statusCode, body } = await this.pool.request({
        method: "POST",
        path: this.path,
        headers: { "content-type": "application/json", authorization: `Bearer ${this.postingKey}` },
        body: benchLead(`s${sequence++}`),
      });
      const text = await body.text();
      if (statusCode === 201 && text.includes('"success"')) {
        this.accepted++;
        this.intakeMs.push(performance.now() - started);
      } else this.rejected++;
    } catch {
      this.rejected++;
    } finally {
      this.inFlight--;
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    while (this.inFlight > 0) await new Promise((r) => setTimeout(r, 20));
    await this.pool.close();
  }
}

export function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
}
