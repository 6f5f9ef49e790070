import { describe, expect, it } from "vitest";
import { canonicalFieldName, flattenSubmission, nestFields } from "../../core/leads/submission-fields.ts";

describe("flattenSubmission", () => {
  it.each<[string, Record<string, unknown>, Record<string, string | string[]>, Record<string, string>]>([
    [
      "flat form body",
      { first_name: "Jane", "mortgage.loan.amount": "250000" },
      {},
      { first_name: "Jane", "mortgage.loan.amount": "250000" },
    ],
    [
      "nested JSON body",
      { first_name: "Jane", mortgage: { loan: { amount: 250000, fha: true } } },
      {},
      { first_name: "Jane", "mortgage.loan.amount": "250000", "mortgage.loan.fha": "true" },
    ],
    ["mixed dotted and nested keys", { "mortgage.loan": { amount: "1" } }, {}, { "mortgage.loan.amount": "1" }],
    ["numbers, booleans and bigints are stringified", { n: 1.5, z: 0, f: false, b: 10n }, {}, { n: "1.5", z: "0", f: "false", b: "10" }],
    ["null and undefined are absent", { a: null, b: undefined, c: "" }, {}, { c: "" }],
    ["string values are kept untrimmed", { a: "  x  " }, {}, { a: "  x  " }],
    [
      "keys keep case, whitespace trimmed",
      { " First_Name ": "Jane", "Mortgage . Loan": "x" },
      {},
      { First_Name: "Jane", "Mortgage.Loan": "x" },
    ],
    ["empty segments are ignored", { "a..b": "1", ".c.": "2", " ": "3", "": "4" }, {}, { "a.b": "1", c: "2" }],
    ["scalar arrays are joined with commas", { products: ["auto", "home", 3, null] }, {}, { products: "auto,home,3" }],
    ["empty arrays and objects are absent", { a: [], b: {}, c: [null] }, {}, {}],
    [
      "arrays holding objects are indexed",
      { items: [{ sku: "A" }, { sku: "B", qty: 2 }, "loose"] },
      {},
      { "items.0.sku": "A", "items.1.sku": "B", "items.1.qty": "2", "items.2": "loose" },
    ],
    ["query only", {}, { email: "q@example.com" }, { email: "q@example.com" }],
    ["query repeated key takes the last value", {}, { state: ["TX", "CA"] }, { state: "CA" }],
    ["query empty array is absent", {}, { state: [] }, {}],
    [
      "query wins over body",
      { email: "body@example.com", city: "Austin" },
      { email: "query@example.com" },
      { email: "query@example.com", city: "Austin" },
    ],
    [
      "query wins over nested body",
      { mortgage: { amount: "1", term: "30" } },
      { "mortgage.amount": "2" },
      { "mortgage.amount": "2", "mortgage.term": "30" },
    ],
    ["query value replaces the body branch below it", { a: { b: "1", c: "2" }, ab: "3" }, { a: "q" }, { a: "q", ab: "3" }],
    ["query branch replaces the body value on its path", { a: "1" }, { "a.b": "q" }, { "a.b": "q" }],
    ["query keys are canonicalised before merging", { "a.b": "1" }, { " a . b ": "q" }, { "a.b": "q" }],
  ])("%s", (_name, body, query, expected) => {
    expect(flattenSubmission(body, query)).toEqual({ ok: true, fields: expected });
  });

  it.each<[string, Record<string, unknown>, Record<string, string | string[]>]>([
    ["__proto__ body key", JSON.parse('{"__proto__": {"polluted": "yes"}, "ok": "1"}') as Record<string, unknown>, {}],
    ["nested __proto__", JSON.parse('{"a": {"__proto__": {"polluted": "yes"}}, "ok": "1"}') as Record<string, unknown>, {}],
    ["dotted __proto__", { "__proto__.polluted": "yes", ok: "1" }, {}],
    ["constructor.prototype", { "constructor.prototype.polluted": "yes", ok: "1" }, {}],
    ["prototype segment", { "a.prototype.polluted": "yes", ok: "1" }, {}],
    ["query __proto__", { ok: "1" }, { "__proto__.polluted": "yes", constructor: "yes", "x.constructor": "yes" }],
  ])("keeps prototype-pollution keys as plain names in a prototype-free record (normaliseLead drops them): %s", (_name, body, query) => {
    const flat = flattenSubmission(body, query);
    if (!flat.ok) throw new Error(flat.reason);
    expect(Object.getPrototypeOf(flat.fields)).toBeNull();
    expect(flat.fields["ok"]).toBe("1");
    expect(
      Object.keys(flat.fields)
        .filter((name) => name !== "ok")
        .every((name) => /__proto__|constructor|prototype/.test(name)),
    ).toBe(true);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("refuses, without throwing, bodies nested deeper than the limit", () => {
    let deep: Record<string, unknown> = { leaf: "x" };
    for (let level = 0; level < 10_000; level++) deep = { n: deep };
    expect(flattenSubmission({ ok: "1", deep }, {})).toEqual({ ok: false, reason: "Fields are nested deeper than 32 levels" });
    expect(flattenSubmission({ [Array(40).fill("a").join(".")]: "1" }, {})).toEqual({
      ok: false,
      reason: "Fields are nested deeper than 32 levels",
    });
  });

  it("refuses more than 1000 fields and names longer than 256 characters", () => {
    const many = Object.fromEntries(Array.from({ length: 1_001 }, (_, i) => [`f${i}`, "x"]));
    expect(flattenSubmission(many, {})).toEqual({ ok: false, reason: "More than 1000 fields" });
    expect(flattenSubmission({}, Object.fromEntries(Array.from({ length: 1_001 }, (_, i) => [`q${i}`, "x"])))).toEqual({
      ok: false,
      reason: "More than 1000 fields",
    });
    expect(flattenSubmission({ ["k".repeat(257)]: "x" }, {})).toEqual({ ok: false, reason: "A field name is longer than 256 characters" });
    expect(flattenSubmission({ ["k".repeat(256)]: "x" }, {}).ok).toBe(true);
  });
});

describe("nestFields", () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ["flat names stay flat", { first_name: "Jane", email: "j@example.com" }, { first_name: "Jane", email: "j@example.com" }],
    [
      "dotted names nest",
      { "mortgage.loan.amount": 1, "mortgage.loan.term": 30, "mortgage.type": "fha" },
      { mortgage: { loan: { amount: 1, term: 30 }, type: "fha" } },
    ],
    ["value then branch: the branch wins", { a: 1, "a.b": 2 }, { a: { b: 2 } }],
    ["branch then value: the branch wins", { "a.b": 2, a: 1 }, { a: { b: 2 } }],
    ["deep branch replaces a value on its path", { "a.b": 1, "a.b.c.d": 2, "a.e": 3 }, { a: { b: { c: { d: 2 } }, e: 3 } }],
    ["names are canonicalised", { " a . b ": 1, "a..c": 2 }, { a: { b: 1, c: 2 } }],
    ["the later of two equal canonical names wins", { a: 1, " a ": 2 }, { a: 2 }],
    ["object values are kept as values", { a: { x: 1 } }, { a: { x: 1 } }],
    ["object values give way to branches", { a: { x: 1 }, "a.b": 2 }, { a: { b: 2 } }],
    ["names of Object.prototype members are dropped", { toString: "t", "hasOwnProperty.x": "h", "a.valueOf": "v", ok: 1 }, { ok: 1 }],
    ["empty names are dropped", { "": 1, ".": 2, " ": 3 }, {}],
  ])("%s", (_name, flat, expected) => {
    expect(nestFields(flat)).toEqual(expected);
  });

  it.each(["__proto__", "__proto__.polluted", "constructor.prototype.polluted", "a.__proto__.polluted", "prototype", "constructor"])(
    "drops %j",
    (name) => {
      const nested = nestFields({ [name]: "yes", ok: 1 });
      expect(nested).toEqual({ ok: 1 });
      expect(Object.getPrototypeOf(nested)).toBe(Object.prototype);
      expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    },
  );

  it("round-trips flattenSubmission", () => {
    const body = { first_name: "Jane", mortgage: { loan: { amount: "250000" }, type: "fha" } };
    const flat = flattenSubmission(body, {});
    expect(flat.ok && nestFields(flat.fields)).toEqual(body);
  });
});

describe("canonicalFieldName", () => {
  it.each<[string, string | undefined]>([
    ["email", "email"],
    [" Mortgage . Loan ", "Mortgage.Loan"],
    ["a..b.", "a.b"],
    ["", undefined],
    [" . ", undefined],
    ["__proto__", undefined],
    ["a.constructor", undefined],
    ["Constructor", "Constructor"],
    ["first_name.toString", undefined],
    ["valueOf", undefined],
  ])("%j -> %j", (name, canonical) => {
    expect(canonicalFieldName(name)).toBe(canonical);
  });
});
