import type { ModalView } from "@slack/types";
import { VIEWS } from "../action-ids.ts";
import { formModal } from "./form-modal.ts";
import { escapeMrkdwn, plain, possessive } from "./mrkdwn.ts";
import { mrkdwnSection } from "./mrkdwn-section.ts";

export const COMPANY_BLOCK = "company";

/** Step 1 for a new person: the company name of the free partner account accepting creates. */
export function companyModal(input: { sellerName: string; suggestedCompany: string; email: string; privateMetadata: string }): ModalView {
  return formModal({
    callbackId: VIEWS.company,
    title: "Create your account",
    submit: "Create and connect",
    privateMetadata: input.privateMetadata,
    blocks: [
      mrkdwnSection(
        `You're new to leadrelay, so accepting ${possessive(input.sellerName, { bold: true })} invitation creates your company's account on the free *LeadConduit for Partners* plan, with you (${escapeMrkdwn(input.email)}) as its admin.`,
      ),
      {
        type: "input",
        block_id: COMPANY_BLOCK,
        label: plain("Company name"),
        hint: plain("Teammates with your email domain will be asked to join this account."),
        element: { type: "plain_text_input", action_id: "value", max_length: 200, initial_value: input.suggestedCompany.slice(0, 200) },
      },
    ],
  });
}
