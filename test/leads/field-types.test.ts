import { describe, expect, it } from "vitest";
import { FIELD_TYPES, normaliseValue, type FieldType } from "../../core/leads/field-types/field-type.ts";
import { STANDARD_FIELDS, standardFieldType } from "../../core/leads/standard-fields.ts";

type Case = [type: FieldType, raw: string, value: string | number | boolean];

const VALID: Case[] = [
  ["text", "  Jane  ", "Jane"],
  ["text", "", ""],
  ["phone", "(512) 555-0134", "5125550134"],
  ["phone", "+1 512.555.0134", "5125550134"],
  ["phone", "1-512-555-0134", "5125550134"],
  ["phone", " 5125550134 ", "5125550134"],
  ["phone", "512-555-0134 x12", "5125550134"],
  ["phone", "+1 (416) 555-0199", "4165550199"],
  ["phone", "+44 20 7946 0958", "+442079460958"],
  ["phone", "011 44 20 7946 0958", "+442079460958"],
  ["phone", "+33 1 23 45 67 89", "+33123456789"],
  ["email", "  Jane.Doe@Example.COM ", "jane.doe@example.com"],
  ["email", "a+tag@sub.example.co.uk", "a+tag@sub.example.co.uk"],
  ["state", "TX", "TX"],
  ["state", "tx", "TX"],
  ["state", "texas", "TX"],
  ["state", "  TEXAS ", "TX"],
  ["state", "Tex.", "TX"],
  ["state", "new york", "NY"],
  ["state", "District of Columbia", "DC"],
  ["state", "D.C.", "DC"],
  ["state", "Puerto Rico", "PR"],
  ["state", "Québec", "QC"],
  ["state", "ontario", "ON"],
  ["state", "bc", "BC"],
  ["postal_code", "78701", "78701"],
  ["postal_code", " 78701-1234 ", "78701-1234"],
  ["postal_code", "787011234", "78701-1234"],
  ["postal_code", "78701 1234", "78701-1234"],
  ["postal_code", "k1a0b1", "K1A 0B1"],
  ["postal_code", "k1a 0b1", "K1A 0B1"],
  ["postal_code", "K1A-0B1", "K1A 0B1"],
  ["boolean", "y", true],
  ["boolean", "Yes", true],
  ["boolean", "TRUE", true],
  ["boolean", "1", true],
  ["boolean", "on", true],
  ["boolean", "n", false],
  ["boolean", "NO", false],
  ["boolean", "false", false],
  ["boolean", "0", false],
  ["boolean", " Off ", false],
  ["number", "$250,000", 250000],
  ["number", "250000", 250000],
  ["number", " 42 ", 42],
  ["number", "1,234.56", 1234.56],
  ["number", "-$1,234.50", -1234.5],
  ["number", "$-5", -5],
  ["number", "+7", 7],
  ["number", ".5", 0.5],
  ["number", "€1,000", 1000],
  ["date", "2024-02-29", "2024-02-29"],
  ["date", "2024-02-29T23:30:00-05:00", "2024-02-29"],
  ["date", "02/29/2024", "2024-02-29"],
  ["date", "2/9/2024", "2024-02-09"],
  ["date", "2024/02/29", "2024-02-29"],
  ["date", "2024/2/9", "2024-02-09"],
  ["url", "https://cert.trustedform.com/0123abcd", "https://cert.trustedform.com/0123abcd"],
  ["url", " http://example.com/path?q=1 ", "http://example.com/path?q=1"],
  ["url", "HTTPS://Example.com", "HTTPS://Example.com"],
  ["ip", "203.0.113.7", "203.0.113.7"],
  ["ip", " 2001:DB8::1 ", "2001:db8::1"],
  ["ip", "::ffff:192.0.2.1", "::ffff:192.0.2.1"],
];

const INVALID: [type: FieldType, raw: string][] = [
  ["phone", "555-0134"],
  ["phone", "123-456-7890"],
  ["phone", "call me at 512 555 0134"],
  ["phone", "not a phone"],
  ["phone", "+44 12"],
  ["phone", ""],
  ["email", "jane.doe"],
  ["email", "Jane@Example"],
  ["email", "jane@@example.com"],
  ["email", "jane doe@example.com"],
  ["email", "jane@example..com"],
  ["state", "XX"],
  ["state", "Texass"],
  ["state", "Mexico"],
  ["state", ""],
  ["postal_code", "7870"],
  ["postal_code", "78701-12"],
  ["postal_code", "sw1a 1aa"],
  ["postal_code", "D1A 0B1"],
  ["boolean", "maybe"],
  ["boolean", "2"],
  ["boolean", ""],
  ["number", "abc"],
  ["number", "1,23"],
  ["number", "12,34,567"],
  ["number", "1e5"],
  ["number", "$"],
  ["number", "-$-5"],
  ["number", "250k"],
  ["number", ""],
  ["date", "02/30/2024"],
  ["date", "2023-02-29"],
  ["date", "13/01/2024"],
  ["date", "2024-13-01"],
  ["date", "yesterday"],
  ["date", "24-01-01"],
  ["url", "ftp://example.com/file"],
  ["url", "javascript:alert(1)"],
  ["url", "example.com"],
  ["url", "http://"],
  ["url", "https://example.com/a b"],
  ["ip", "256.1.1.1"],
  ["ip", "1.2.3"],
  ["ip", "2001:db8:::1"],
  ["ip", "localhost"],
];

describe("normaliseValue", () => {
  it.each(VALID)("%s %j -> %j", (type, raw, value) => {
    expect(normaliseValue(type, raw)).toEqual({ value, valid: true });
  });

  it.each(INVALID)("%s %j is invalid and keeps the trimmed raw string", (type, raw) => {
    expect(normaliseValue(type, raw)).toEqual({ value: raw.trim(), valid: false });
    expect(normaliseValue(type, `  ${raw}\t`)).toEqual({ value: raw.trim(), valid: false });
  });

  it("does not lower-case or reformat an invalid value", () => {
    expect(normaliseValue("email", " Not An Email ")).toEqual({ value: "Not An Email", valid: false });
    expect(normaliseValue("postal_code", "sw1a 1aa")).toEqual({ value: "sw1a 1aa", valid: false });
  });

  it("has a normaliser for every field type that never throws", () => {
    for (const type of FIELD_TYPES) {
      for (const raw of ["", " ", "x", "\u0000", "😀", "1".repeat(10_000)]) {
        expect(() => normaliseValue(type, raw)).not.toThrow();
      }
    }
  });
});

describe("standard fields", () => {
  it.each<[string, FieldType | undefined]>([
    ["first_name", "text"],
    ["email", "email"],
    ["phone_1", "phone"],
    ["phone_2", "phone"],
    ["state", "state"],
    ["postal_code", "postal_code"],
    ["dob", "date"],
    ["ip_address", "ip"],
    ["trustedform_cert_url", "url"],
    ["universal_leadid", "text"],
    ["is_test", "boolean"],
    ["Email", undefined],
    ["loan_amount", undefined],
    ["toString", undefined],
  ])("standardFieldType(%j) is %j", (name, type) => {
    expect(standardFieldType(name)).toBe(type);
  });

  it("lists every LeadConduit standard field once, with labels", () => {
    const names = STANDARD_FIELDS.map((field) => field.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining(
        "first_name last_name email phone_1 phone_2 address_1 address_2 city state postal_code country company dob ip_address trustedform_cert_url universal_leadid comments reference is_test".split(
          " ",
        ),
      ),
    );
    const label = (name: string) => STANDARD_FIELDS.find((field) => field.name === name)?.label;
    expect(label("first_name")).toBe("First Name");
    expect(label("phone_1")).toBe("Phone 1");
    expect(label("postal_code")).toBe("Postal Code");
    expect(label("trustedform_cert_url")).toBe("TrustedForm Certificate URL");
    expect(label("universal_leadid")).toBe("Universal LeadiD");
  });
});
