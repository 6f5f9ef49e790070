import type { FieldMapping } from "../../mappings/field-mapping.ts";
import type { DestinationField } from "../integration.ts";

/** The standard Lead fields offered for mapping (API names); a standard org requires LastName and Company. */
export const SALESFORCE_LEAD_FIELDS: DestinationField[] = [
  { name: "LastName", label: "Last Name", required: true },
  { name: "Company", label: "Company", required: true },
  { name: "FirstName", label: "First Name", required: false },
  { name: "Email", label: "Email", required: false },
  { name: "Phone", label: "Business Phone", required: false },
  { name: "MobilePhone", label: "Mobile Phone", required: false },
  { name: "Street", label: "Street", required: false },
  { name: "City", label: "City", required: false },
  { name: "State", label: "State/Province", required: false },
  { name: "PostalCode", label: "Zip/Postal Code", required: false },
  { name: "Country", label: "Country", required: false },
  { name: "LeadSource", label: "Lead Source", required: false },
  { name: "Description", label: "Description", required: false },
];

/** Standard lead field -> Lead field. */
const DEFAULT_SOURCES: Array<[lead: string, field: string]> = [
  ["last_name", "LastName"],
  ["company", "Company"],
  ["first_name", "FirstName"],
  ["email", "Email"],
  ["phone_1", "Phone"],
  ["address_1", "Street"],
  ["city", "City"],
  ["state", "State"],
  ["postal_code", "PostalCode"],
  ["country", "Country"],
  ["comments", "Description"],
];

export const SALESFORCE_DEFAULT_MAPPINGS: FieldMapping[] = DEFAULT_SOURCES.map(([lead, field]) => ({
  to: field,
  template: `{{lead.${lead}}}`,
}));
