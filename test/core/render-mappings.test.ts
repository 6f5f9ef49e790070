import { describe, expect, it } from "vitest";
import { checkMappingTemplates, MappingTemplateError, renderMappings } from "../../core/mappings/render-mappings.ts";

describe("outbound field mappings", () => {
  const context = {
    lead: { first_name: "Ada", email: "ada@example.com", mortgage: { loan: { amount: 250000 } }, comments: "<b>&</b>" },
    raw: { phone_1: "(512) 555-0134" },
  };

  it("renders Handlebars templates over the normalised and raw lead, unescaped", () => {
    expect(
      renderMappings(
        [
          { to: "FirstName", template: "{{lead.first_name}}" },
          { to: "Amount", template: "{{lead.mortgage.loan.amount}}" },
          { to: "Phone", template: "{{raw.phone_1}}" },
          { to: "Notes", template: "{{lead.comments}}" },
          { to: "Source", template: "leadrelay" },
        ],
        context,
      ),
    ).toEqual({ FirstName: "Ada", Amount: "250000", Phone: "(512) 555-0134", Notes: "<b>&</b>", Source: "leadrelay" });
  });

  it("leaves out fields that render empty", () => {
    expect(renderMappings([{ to: "LastName", template: "{{lead.last_name}}" }], context)).toEqual({});
  });

  it("names the mapping whose template does not parse", () => {
    expect(() => checkMappingTemplates([{ to: "Company", template: "{{#if lead.company}}" }])).toThrow(MappingTemplateError);
    expect(() => checkMappingTemplates([{ to: "Company", template: "{{lead.company" }])).toThrow(/Field mapping for Company/);
  });
});
