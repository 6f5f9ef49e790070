import { describe, expect, it } from "vitest";
import { deliveryResultFromException } from "../../core/deliveries/delivery-exception.ts";
import { MappingTemplateError } from "../../core/mappings/render-mappings.ts";

function systemError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });
}

describe("an exception during a delivery attempt", () => {
  it("is a permanent, named field mapping failure when a mapping cannot be used", () => {
    expect(deliveryResultFromException(new MappingTemplateError("Company", "lookup is not allowed"))).toMatchObject({
      outcome: "failure",
      reason: "Field mapping error: Company: lookup is not allowed",
      disposition: "stop",
    });
  });

  it.each([
    ["a refused database connection", systemError("ECONNREFUSED"), "ECONNREFUSED"],
    ["a reset socket wrapped as a cause", new Error("query failed", { cause: systemError("ECONNRESET") }), "ECONNRESET"],
    [
      "Prisma unable to reach the database",
      Object.assign(new Error("Can't reach database server"), { name: "PrismaClientKnownRequestError", code: "P1001" }),
      "P1001",
    ],
    ["a PostgreSQL connection failure", Object.assign(new Error("terminating connection"), { code: "57P01" }), "57P01"],
    ["a timeout", Object.assign(new Error("timed out"), { name: "TimeoutError" }), "TimeoutError"],
  ])("is retried when %s", (_label, error, code) => {
    expect(deliveryResultFromException(error)).toMatchObject({
      outcome: "error",
      reason: `Temporarily unavailable (${code})`,
      disposition: "retry",
    });
  });

  it.each([
    ["a TypeError", new TypeError("Cannot convert object to primitive value"), "TypeError"],
    ["a RangeError", new RangeError("Invalid string length"), "RangeError"],
    ["Node's argument errors (ERR_*)", Object.assign(new TypeError("bad"), { code: "ERR_INVALID_ARG_TYPE" }), "TypeError"],
    ["a PostgreSQL data error", Object.assign(new Error("unsupported Unicode escape sequence"), { code: "22P05" }), "Error"],
    ["a thrown string", "boom", "string"],
  ])("is a permanent, named failure for %s, without its message", (_label, error, name) => {
    const result = deliveryResultFromException(error);
    expect(result).toMatchObject({ outcome: "error", reason: `Delivery preparation failed: ${name}`, disposition: "stop" });
    expect(JSON.stringify(result)).not.toMatch(/primitive|Invalid string|unsupported|boom/);
  });
});
