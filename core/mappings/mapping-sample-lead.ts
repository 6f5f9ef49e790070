import { SAMPLE_TEST_LEAD } from "../destinations/send-test-lead.ts";
import { normaliseLead } from "../leads/normalise-lead.ts";
import type { MappingContext } from "./render-mappings.ts";

/**
 * The lead a destination's mappings are tried on before they are saved: the test lead's sample
 * with every other standard field filled too, normalised as intake would, shaped as a delivery
 * renders it (`lead` with `id` and `is_test`, `raw` as submitted).
 */
const SAMPLE_SUBMISSION: Readonly<Record<string, string>> = {
  ...SAMPLE_TEST_LEAD,
  phone_2: "512-555-0199",
  address_2: "Suite 200",
  dob: "1990-04-01",
  ip_address: "203.0.113.7",
  trustedform_cert_url: "https://cert.trustedform.com/0123456789abcdef0123456789abcdef01234567",
  universal_leadid: "01234567-89AB-CDEF-0123-456789ABCDEF",
  reference: "sample-reference",
  is_test: "true",
};

let sample: MappingContext | undefined;

export function sampleMappingContext(): MappingContext {
  if (!sample) {
    const lead = normaliseLead({ ...SAMPLE_SUBMISSION }, []);
    sample = { lead: { ...lead.fields, id: "00000000-0000-4000-8000-000000000000", is_test: true }, raw: lead.raw };
  }
  return sample;
}
