import { Writable } from "node:stream";

/** A log destination that keeps every line written to it, for suites that search the service's log. */
export function captureLog(): { lines: string[]; sink: Writable } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, sink };
}
