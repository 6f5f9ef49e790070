import type { FieldType } from "./field-types/field-type.ts";

/** A LeadConduit standard field: every flow understands it without declaring it. */
export interface StandardField {
  name: string;
  label: string;
  type: FieldType;
}

export const STANDARD_FIELDS: readonly StandardField[] = [
  { name: "first_name", label: "First Name", type: "text" },
  { name: "last_name", label: "Last Name", type: "text" },
  { name: "email", label: "Email", type: "email" },
  { name: "phone_1", label: "Phone 1", type: "phone" },
  { name: "phone_2", label: "Phone 2", type: "phone" },
  { name: "address_1", label: "Address 1", type: "text" },
  { name: "address_2", label: "Address 2", type: "text" },
  { name: "city", label: "City", type: "text" },
  { name: "state", label: "State", type: "state" },
  { name: "postal_code", label: "Postal Code", type: "postal_code" },
  { name: "country", label: "Country", type: "text" },
  { name: "company", label: "Company", type: "text" },
  { name: "dob", label: "Date of Birth", type: "date" },
  { name: "ip_address", label: "IP Address", type: "ip" },
  { name: "trustedform_cert_url", label: "TrustedForm Certificate URL", type: "url" },
  { name: "universal_leadid", label: "Universal LeadiD", type: "text" },
  { name: "comments", label: "Comments", type: "text" },
  { name: "reference", label: "Reference", type: "text" },
  { name: "is_test", label: "Test Lead", type: "boolean" },
];

const STANDARD_FIELDS_BY_NAME = new Map(STANDARD_FIELDS.map((field) => [field.name, field]));

/** The standard field with this exact (case-sensitive) name, if there is one. */
export function standardField(name: string): StandardField | undefined {
  return STANDARD_FIELDS_BY_NAME.get(name);
}

/** The type of the standard field with this exact name; undefined for non-standard names. */
export function standardFieldType(name: string): FieldType | undefined {
  return standardField(name)?.type;
}
