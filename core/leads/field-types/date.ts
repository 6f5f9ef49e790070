import { invalidValue, validValue, type NormalisedValue } from "./normalised-value.ts";

/** ISO date, optionally followed by an ISO time ("2024-02-29", "2024-02-29T10:30:00Z"). */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
/** US month/day/year ("02/29/2024", "2/9/2024"). */
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
/** Year/month/day ("2024/02/29"). */
const YEAR_FIRST_DATE = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;

/**
 * Calendar date in normal form "YYYY-MM-DD". Accepts ISO dates (a time part is ignored, the date
 * is taken as written, without time-zone conversion), US "MM/DD/YYYY" and "YYYY/MM/DD".
 * Impossible dates (Feb 30) are invalid.
 */
export function normaliseDate(raw: string): NormalisedValue {
  const text = raw.trim();
  const iso = ISO_DATE.exec(text);
  if (iso) return calendarDate(raw, iso[1], iso[2], iso[3]);
  const us = US_DATE.exec(text);
  if (us) return calendarDate(raw, us[3], us[1], us[2]);
  const yearFirst = YEAR_FIRST_DATE.exec(text);
  if (yearFirst) return calendarDate(raw, yearFirst[1], yearFirst[2], yearFirst[3]);
  return invalidValue(raw);
}

function calendarDate(raw: string, yearText = "", monthText = "", dayText = ""): NormalisedValue {
  const year = Number(yearText);
  const month = Number(monthText);
  const day = Number(dayText);
  const date = new Date(Date.UTC(year, month - 1, day));
  const exists = year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!exists) return invalidValue(raw);
  return validValue(`${yearText}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`);
}
