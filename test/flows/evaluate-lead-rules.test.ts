import { describe, expect, it } from "vitest";
import { evaluateLeadRules, type LeadRulesVerdict } from "../../core/flows/evaluate-lead-rules.ts";
import {
  leadRuleSchema,
  leadRulesSchema,
  flowFieldSchema,
  flowFieldsSchema,
  type LeadRule,
  type FlowField,
} from "../../core/flows/flow-config.ts";
import { normaliseLead } from "../../core/leads/normalise-lead.ts";

const FLOW_FIELDS: FlowField[] = flowFieldsSchema.parse([
  { name: "first_name" },
  { name: "email", type: "email", required: true },
  { name: "phone_1", type: "phone", label: "Mobile Phone" },
  { name: "state", type: "state" },
  { name: "is_test", type: "boolean" },
  { name: "mortgage.loan_amount", type: "number", label: "Loan Amount" },
  { name: "mortgage.credit", required: true },
]);

const BASE: Record<string, string> = {
  first_name: "Jane",
  email: "Jane@Example.com",
  phone_1: "(512) 555-0134",
  state: "texas",
  is_test: "yes",
  "mortgage.loan_amount": "$250,000",
  "mortgage.credit": "Excellent",
};

function evaluate(overrides: Record<string, string>, rules: LeadRule[], flowFields = FLOW_FIELDS): LeadRulesVerdict {
  const lead = normaliseLead({ ...BASE, ...overrides }, flowFields);
  return evaluateLeadRules(lead, flowFields, leadRulesSchema.parse(rules));
}

const ACCEPTED = { accepted: true } as const;
const rejected = (reason: string) => ({ accepted: false, reason }) as const;

describe("evaluateLeadRules: required fields", () => {
  it("accepts a lead with every required field", () => {
    expect(evaluate({}, [])).toEqual(ACCEPTED);
  });

  it.each<[string, Record<string, string>, string]>([
    ["missing required field (flow label falls back to standard label)", { email: "" }, "Missing required field: Email"],
    ["blank required field", { email: "   " }, "Missing required field: Email"],
    ["missing nested required field without a label uses the name", { "mortgage.credit": "" }, "Missing required field: mortgage.credit"],
    ["required fields are checked in flow order", { email: "", "mortgage.credit": "" }, "Missing required field: Email"],
  ])("%s", (_name, overrides, reason) => {
    expect(evaluate(overrides, [])).toEqual(rejected(reason));
  });

  it("uses the flow field's label", () => {
    const fields = flowFieldsSchema.parse([{ name: "email", type: "email", required: true, label: "Work Email" }]);
    expect(evaluate({ email: "" }, [], fields)).toEqual(rejected("Missing required field: Work Email"));
  });

  it("checks required fields before rules", () => {
    expect(evaluate({ email: "" }, [{ field: "state", operator: "is blank" }])).toEqual(rejected("Missing required field: Email"));
  });

  it("an invalid but present required field is not missing", () => {
    expect(evaluate({ email: "nope" }, [])).toEqual(ACCEPTED);
  });
});

describe("evaluateLeadRules: rules", () => {
  it.each<[string, LeadRule, Record<string, string>, { accepted: true } | { accepted: false; reason: string }]>([
    ["is blank passes", { field: "comments", operator: "is blank" }, {}, ACCEPTED],
    ["is blank passes for an empty value", { field: "comments", operator: "is blank" }, { comments: "  " }, ACCEPTED],
    ["is blank fails", { field: "first_name", operator: "is blank" }, {}, rejected("First Name must be blank")],
    ["is not blank passes", { field: "first_name", operator: "is not blank" }, {}, ACCEPTED],
    ["is not blank fails", { field: "last_name", operator: "is not blank" }, {}, rejected("Missing required field: Last Name")],
    [
      "is not blank fails for an empty value",
      { field: "first_name", operator: "is not blank" },
      { first_name: "" },
      rejected("Missing required field: First Name"),
    ],
    ["format is valid passes", { field: "phone_1", operator: "format is valid" }, {}, ACCEPTED],
    [
      "format is valid fails for an invalid value",
      { field: "phone_1", operator: "format is valid" },
      { phone_1: "555" },
      rejected("Invalid Mobile Phone"),
    ],
    [
      "format is valid fails for a blank value",
      { field: "phone_1", operator: "format is valid" },
      { phone_1: "" },
      rejected("Invalid Mobile Phone"),
    ],
    [
      "format is valid on a nested field",
      { field: "mortgage.loan_amount", operator: "format is valid" },
      { "mortgage.loan_amount": "lots" },
      rejected("Invalid Loan Amount"),
    ],
    [
      "is equal to passes (case-insensitive, normalised rule value)",
      { field: "state", operator: "is equal to", value: "tx" },
      {},
      ACCEPTED,
    ],
    ["is equal to passes with a full state name rule value", { field: "state", operator: "is equal to", value: "Texas" }, {}, ACCEPTED],
    [
      "is equal to compares text case-insensitively",
      { field: "mortgage.credit", operator: "is equal to", value: "EXCELLENT" },
      {},
      ACCEPTED,
    ],
    [
      "is equal to compares numbers in normal form",
      { field: "mortgage.loan_amount", operator: "is equal to", value: "250000" },
      {},
      ACCEPTED,
    ],
    ["is equal to compares booleans in normal form", { field: "is_test", operator: "is equal to", value: "true" }, {}, ACCEPTED],
    ["is equal to compares phones in normal form", { field: "phone_1", operator: "is equal to", value: "512-555-0134" }, {}, ACCEPTED],
    ["is equal to fails", { field: "state", operator: "is equal to", value: "CA" }, {}, rejected("State is not CA")],
    [
      "is equal to fails for a blank value",
      { field: "last_name", operator: "is equal to", value: "Doe" },
      {},
      rejected("Last Name is not Doe"),
    ],
    ["is equal to fails for a branch", { field: "mortgage", operator: "is equal to", value: "x" }, {}, rejected("mortgage is not x")],
    ["is included in passes", { field: "state", operator: "is included in", values: ["ca", "tx"] }, {}, ACCEPTED],
    [
      "is included in passes with normalised values",
      { field: "state", operator: "is included in", values: ["California", "Texas"] },
      {},
      ACCEPTED,
    ],
    [
      "is included in fails",
      { field: "state", operator: "is included in", values: ["CA", "NY"] },
      {},
      rejected("State is not an accepted value"),
    ],
    [
      "is included in fails for a blank value",
      { field: "state", operator: "is included in", values: ["TX"] },
      { state: "" },
      rejected("State is not an accepted value"),
    ],
    [
      "a rule's reason overrides the default",
      { field: "state", operator: "is included in", values: ["CA"], reason: "Out of area" },
      {},
      rejected("Out of area"),
    ],
    [
      "a rule's reason only applies on failure",
      { field: "state", operator: "is equal to", value: "TX", reason: "Out of area" },
      {},
      ACCEPTED,
    ],
  ])("%s", (_name, rule, overrides, expected) => {
    expect(evaluate(overrides, [rule])).toEqual(expected);
  });

  it("every rule must pass; the first failing rule gives the reason", () => {
    const rules: LeadRule[] = [
      { field: "first_name", operator: "is not blank" },
      { field: "state", operator: "is equal to", value: "CA" },
      { field: "phone_1", operator: "format is valid" },
    ];
    expect(evaluate({}, rules)).toEqual(rejected("State is not CA"));
    expect(evaluate({ state: "ca", phone_1: "nope" }, rules)).toEqual(rejected("Invalid Mobile Phone"));
    expect(evaluate({ state: "ca" }, rules)).toEqual(ACCEPTED);
  });

  it("never puts the lead's value in a reason", () => {
    const secret = "555-SECRET";
    const rules: LeadRule[][] = [
      [{ field: "phone_1", operator: "is blank" }],
      [{ field: "phone_1", operator: "format is valid" }],
      [{ field: "phone_1", operator: "is equal to", value: "5125550134" }],
      [{ field: "phone_1", operator: "is included in", values: ["5125550134"] }],
    ];
    for (const ruleSet of rules) {
      const result = evaluate({ phone_1: secret }, ruleSet);
      expect(result.accepted).toBe(false);
      if (!result.accepted) expect(result.reason).not.toContain("SECRET");
    }
  });

  it("does not read fields through prototype names", () => {
    const lead = { fields: { email: "a@example.com" }, invalid: [] };
    expect(evaluateLeadRules(lead, [], [{ field: "toString", operator: "is blank" }])).toEqual(ACCEPTED);
    expect(evaluateLeadRules(lead, [], [{ field: "__proto__", operator: "is blank" }])).toEqual(ACCEPTED);
  });
});

describe("flow config schemas", () => {
  it("defaults the required flag and leaves the type to the standard field", () => {
    expect(flowFieldSchema.parse({ name: "loan_amount" })).toEqual({ name: "loan_amount", required: false });
  });

  it.each(["", "1abc", "a-b", "a b", "a..b", "a.", "__proto__", "a.constructor", "x".repeat(101)])("refuses field name %j", (name) => {
    expect(flowFieldSchema.safeParse({ name }).success).toBe(false);
  });

  it.each(["email", "_x", "mortgage.loan_amount", "Phone_1"])("accepts field name %j", (name) => {
    expect(flowFieldSchema.safeParse({ name }).success).toBe(true);
  });

  it("refuses an unknown type, duplicate names and more than 200 fields", () => {
    expect(flowFieldSchema.safeParse({ name: "a", type: "money" }).success).toBe(false);
    expect(flowFieldsSchema.safeParse([{ name: "a" }, { name: "a" }]).success).toBe(false);
    expect(flowFieldsSchema.safeParse(Array.from({ length: 201 }, (_, index) => ({ name: `f${index}` }))).success).toBe(false);
  });

  it.each<[string, unknown, boolean]>([
    ["is blank", { field: "a", operator: "is blank" }, true],
    ["is not blank", { field: "a", operator: "is not blank" }, true],
    ["format is valid", { field: "a", operator: "format is valid", reason: "Bad" }, true],
    ["is equal to", { field: "a", operator: "is equal to", value: "x" }, true],
    ["is equal to without value", { field: "a", operator: "is equal to" }, false],
    ["is included in", { field: "a", operator: "is included in", values: ["x"] }, true],
    ["is included in with no values", { field: "a", operator: "is included in", values: [] }, false],
    ["unknown operator", { field: "a", operator: "contains", value: "x" }, false],
    ["reason too long", { field: "a", operator: "is blank", reason: "x".repeat(101) }, false],
    ["empty reason", { field: "a", operator: "is blank", reason: " " }, false],
    ["bad field name", { field: "__proto__", operator: "is blank" }, false],
  ])("acceptance rule: %s", (_name, rule, ok) => {
    expect(leadRuleSchema.safeParse(rule).success).toBe(ok);
  });

  it("refuses more than 100 rules", () => {
    const rules = Array.from({ length: 101 }, () => ({ field: "a", operator: "is blank" }));
    expect(leadRulesSchema.safeParse(rules).success).toBe(false);
  });
});
