import type { FieldMapping } from "../../mappings/field-mapping.ts";
import type { DestinationField } from "../integration.ts";

/** The HubSpot contact properties offered for mapping (internal names); `email` is the upsert key. */
export const HUBSPOT_CONTACT_FIELDS: DestinationField[] = [
  { name: "email", label: "Email", required: true },
  { name: "firstname", label: "First Name", required: false },
  { name: "lastname", label: "Last Name", required: false },
  { name: "phone", label: "Phone Number", required: false },
  { name: "mobilephone", label: "Mobile Phone Number", required: false },
  { name: "company", label: "Company Name", required: false },
  { name: "address", label: "Street Address", required: false },
  { name: "city", label: "City", required: false },
  { name: "state", label: "State/Region", required: false },
  { name: "zip", label: "Postal Code", required: false },
  { name: "country", label: "Country/Region", required: false },
  { name: "website", label: "Website URL", required: false },
  { name: "jobtitle", label: "Job Title", required: false },
  { name: "message", label: "Message", required: false },
  { name: "lifecyclestage", label: "Lifecycle Stage", required: false },
];

/** Standard lead field -> HubSpot contact property. */
const DEFAULT_SOURCES: Array<[lead: string, property: string]> = [
  ["first_name", "firstname"],
  ["last_name", "lastname"],
  ["email", "email"],
  ["phone_1", "phone"],
  ["company", "company"],
  ["address_1", "address"],
  ["city", "city"],
  ["state", "state"],
  ["postal_code", "zip"],
  ["country", "country"],
];

export const HUBSPOT_DEFAULT_MAPPINGS: FieldMapping[] = DEFAULT_SOURCES.map(([lead, property]) => ({
  to: property,
  template: `{{lead.${lead}}}`,
}));
