import { describe, expect, it } from "vitest";
import type { FieldType } from "../../core/leads/field-types/field-type.ts";
import { fieldTypeOf, normaliseLead } from "../../core/leads/normalise-lead.ts";
import { flattenSubmission } from "../../core/leads/submission-fields.ts";

describe("normaliseLead", () => {
  it("normalises standard fields, nests dotted ones and keeps raw strings", () => {
    const lead = normaliseLead(
      {
        first_name: " Jane ",
        email: " Jane@Example.COM ",
        phone_1: "(512) 555-0134",
        state: "texas",
        postal_code: "78701-1234",
        dob: "02/29/1980",
        "mortgage.loan.amount": "$250,000",
        "mortgage.loan.fha": "yes",
      },
      [
        { name: "mortgage.loan.amount", type: "number" },
        { name: "mortgage.loan.fha", type: "boolean" },
      ],
    );
    expect(lead).toEqual({
      fields: {
        first_name: "Jane",
        email: "jane@example.com",
        phone_1: "5125550134",
        state: "TX",
        postal_code: "78701-1234",
        dob: "1980-02-29",
        mortgage: { loan: { amount: 250000, fha: true } },
      },
      raw: {
        first_name: " Jane ",
        email: " Jane@Example.COM ",
        phone_1: "(512) 555-0134",
        state: "texas",
        postal_code: "78701-1234",
        dob: "02/29/1980",
        mortgage: { loan: { amount: "$250,000", fha: "yes" } },
      },
      invalid: [],
      ignored: [],
      isTest: false,
    });
  });

  it("keeps invalid values (trimmed) and reports them by dotted name, in submission order", () => {
    const lead = normaliseLead(
      { email: " not-an-email ", phone_1: "555", first_name: "Jane", "mortgage.amount": "lots", trustedform_cert_url: "ftp://x" },
      [{ name: "mortgage.amount", type: "number" }],
    );
    expect(lead.fields).toEqual({
      email: "not-an-email",
      phone_1: "555",
      first_name: "Jane",
      mortgage: { amount: "lots" },
      trustedform_cert_url: "ftp://x",
    });
    expect(lead.raw).toEqual({
      email: " not-an-email ",
      phone_1: "555",
      first_name: "Jane",
      mortgage: { amount: "lots" },
      trustedform_cert_url: "ftp://x",
    });
    expect(lead.invalid).toEqual(["email", "phone_1", "mortgage.amount", "trustedform_cert_url"]);
  });

  it("treats empty and blank values as absent in fields but keeps them raw", () => {
    const lead = normaliseLead({ email: "", phone_1: "   ", first_name: "Jane", "a.b": "" }, []);
    expect(lead.fields).toEqual({ first_name: "Jane" });
    expect(lead.raw).toEqual({ email: "", phone_1: "   ", first_name: "Jane", a: { b: "" } });
    expect(lead.invalid).toEqual([]);
  });

  it.each<[string, FieldType, Record<string, string>, unknown]>([
    ["custom type overrides a standard field", "text", { phone_1: "(512) 555-0134" }, { phone_1: "(512) 555-0134" }],
    ["custom type applies to a custom field", "number", { loan_amount: "1,000" }, { loan_amount: 1000 }],
    ["custom type applies to a dotted field", "date", { "applicant.dob": "1/2/1990" }, { applicant: { dob: "1990-01-02" } }],
  ])("%s", (_name, type, flat, fields) => {
    const name = Object.keys(flat)[0] ?? "";
    expect(normaliseLead(flat, [{ name, type }]).fields).toEqual(fields);
  });

  it.each<[string, string, FieldType]>([
    ["custom first", "email", "text"],
    ["then standard", "phone_2", "phone"],
    ["else text", "favourite_colour", "text"],
    ["standard names are case-sensitive", "Email", "text"],
    ["custom names are canonicalised", " loan . amount ", "number"],
  ])("fieldTypeOf: %s", (_name, field, type) => {
    const custom = [
      { name: "email", type: "text" as const },
      { name: "loan.amount", type: "number" as const },
    ];
    expect(fieldTypeOf(field, custom)).toBe(type);
  });

  it("uses the first custom definition of a name", () => {
    expect(
      normaliseLead({ amount: "5" }, [
        { name: "amount", type: "number" },
        { name: "amount", type: "text" },
      ]).fields,
    ).toEqual({ amount: 5 });
  });

  it.each<[string | undefined, boolean]>([
    ["y", true],
    ["yes", true],
    ["TRUE", true],
    ["1", true],
    [" Yes ", true],
    ["n", false],
    ["0", false],
    ["false", false],
    ["maybe", false],
    ["", false],
    [undefined, false],
  ])("is_test %j -> isTest %s", (isTest, expected) => {
    const flat: Record<string, string> = { email: "a@example.com" };
    if (isTest !== undefined) flat["is_test"] = isTest;
    expect(normaliseLead(flat, []).isTest).toBe(expected);
  });

  it("does not report a value that a branch replaced", () => {
    const lead = normaliseLead({ note: "bad", "note.type": "mobile" }, [{ name: "note.type", type: "phone" }]);
    expect(lead.fields).toEqual({ note: { type: "mobile" } });
    expect(lead.invalid).toEqual(["note.type"]);
  });

  it("keeps a standard or declared field one value: an object given for it is its JSON text, invalid", () => {
    const lead = normaliseLead({ "email.valueOf": "1", "email.toString": "2", "first_name.toString": "x", "loan.amount.x.y": "5" }, [
      { name: "loan.amount", type: "number" },
    ]);
    expect(lead.fields).toEqual({
      email: '{"valueOf":"1","toString":"2"}',
      first_name: '{"toString":"x"}',
      loan: { amount: '{"x":{"y":"5"}}' },
    });
    expect(lead.raw).toEqual(lead.fields);
    expect(lead.invalid.sort()).toEqual(["email", "first_name", "loan.amount"]);
    expect(String(lead.fields["email"])).toBe('{"valueOf":"1","toString":"2"}');
  });

  it("keeps a standard field's own value over names below it, which are ignored", () => {
    const lead = normaliseLead({ phone_1: "bad", "phone_1.type": "mobile" }, []);
    expect(lead.fields).toEqual({ phone_1: "bad" });
    expect(lead.invalid).toEqual(["phone_1"]);
    expect(lead.ignored).toEqual(["phone_1.type"]);
  });

  it("drops prototype-pollution and method-shadowing names and says which", () => {
    const lead = normaliseLead(
      { "__proto__.polluted": "yes", "constructor.prototype.x": "yes", "custom.toString": "t", email: "a@example.com" },
      [],
    );
    expect(lead.fields).toEqual({ email: "a@example.com" });
    expect(lead.raw).toEqual({ email: "a@example.com" });
    expect(lead.ignored).toEqual(["__proto__.polluted", "constructor.prototype.x", "custom.toString"]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("works on a flattened submission with query over body", () => {
    const flat = flattenSubmission({ contact: { email: "Body@Example.com" }, state: "Texas" }, { state: ["ca", "ny"] });
    if (!flat.ok) throw new Error(flat.reason);
    const lead = normaliseLead(flat.fields, [{ name: "contact.email", type: "email" }]);
    expect(lead.fields).toEqual({ contact: { email: "body@example.com" }, state: "NY" });
    expect(lead.raw).toEqual({ contact: { email: "Body@Example.com" }, state: "ny" });
  });
});

describe("flow fields without a declared type", () => {
  it("keep the standard field's type, so a required email is still normalised and checked", () => {
    const lead = normaliseLead({ email: " Jane@Example.COM ", phone_1: "not a phone" }, [{ name: "email" }, { name: "phone_1" }]);
    expect(lead.fields).toMatchObject({ email: "jane@example.com", phone_1: "not a phone" });
    expect(lead.invalid).toEqual(["phone_1"]);
  });
});
