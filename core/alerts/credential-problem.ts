const CREDENTIAL_WORDS = /\b(api key|credentials?|token|auth\w*|unauthori[sz]ed|forbidden|password|permission|HTTP 40[13])\b/i;

/** Whether re-entering the destination's credentials is the likely fix (the alert then offers it). */
export function isCredentialProblem(reason: string | null | undefined, fix?: string | null): boolean {
  return CREDENTIAL_WORDS.test(reason ?? "") || /credential|token|api key/i.test(fix ?? "");
}
