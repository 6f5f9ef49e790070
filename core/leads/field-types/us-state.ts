import { invalidValue, validValue, type NormalisedValue } from "./normalised-value.ts";

/** Code -> full name, then any other accepted spellings (AP-style and common abbreviations). */
const REGIONS: readonly (readonly [code: string, name: string, ...aliases: string[]])[] = [
  // US states and the District of Columbia
  ["AL", "Alabama", "Ala"],
  ["AK", "Alaska"],
  ["AZ", "Arizona", "Ariz"],
  ["AR", "Arkansas", "Ark"],
  ["CA", "California", "Calif", "Cal"],
  ["CO", "Colorado", "Colo"],
  ["CT", "Connecticut", "Conn"],
  ["DE", "Delaware", "Del"],
  ["DC", "District of Columbia", "Washington DC"],
  ["FL", "Florida", "Fla"],
  ["GA", "Georgia"],
  ["HI", "Hawaii"],
  ["ID", "Idaho"],
  ["IL", "Illinois", "Ill"],
  ["IN", "Indiana", "Ind"],
  ["IA", "Iowa"],
  ["KS", "Kansas", "Kan", "Kans"],
  ["KY", "Kentucky", "Ky"],
  ["LA", "Louisiana"],
  ["ME", "Maine"],
  ["MD", "Maryland", "Md"],
  ["MA", "Massachusetts", "Mass"],
  ["MI", "Michigan", "Mich"],
  ["MN", "Minnesota", "Minn"],
  ["MS", "Mississippi", "Miss"],
  ["MO", "Missouri"],
  ["MT", "Montana", "Mont"],
  ["NE", "Nebraska", "Neb", "Nebr"],
  ["NV", "Nevada", "Nev"],
  ["NH", "New Hampshire"],
  ["NJ", "New Jersey"],
  ["NM", "New Mexico"],
  ["NY", "New York"],
  ["NC", "North Carolina"],
  ["ND", "North Dakota"],
  ["OH", "Ohio"],
  ["OK", "Oklahoma", "Okla"],
  ["OR", "Oregon", "Ore", "Oreg"],
  ["PA", "Pennsylvania", "Penn", "Penna"],
  ["RI", "Rhode Island"],
  ["SC", "South Carolina"],
  ["SD", "South Dakota"],
  ["TN", "Tennessee", "Tenn"],
  ["TX", "Texas", "Tex"],
  ["UT", "Utah"],
  ["VT", "Vermont"],
  ["VA", "Virginia"],
  ["WA", "Washington", "Wash"],
  ["WV", "West Virginia"],
  ["WI", "Wisconsin", "Wis", "Wisc"],
  ["WY", "Wyoming", "Wyo"],
  // US territories and military "states"
  ["AS", "American Samoa"],
  ["GU", "Guam"],
  ["MP", "Northern Mariana Islands"],
  ["PR", "Puerto Rico"],
  ["VI", "US Virgin Islands", "Virgin Islands", "United States Virgin Islands"],
  ["AA", "Armed Forces Americas"],
  ["AE", "Armed Forces Europe"],
  ["AP", "Armed Forces Pacific"],
  // Canadian provinces and territories
  ["AB", "Alberta", "Alta"],
  ["BC", "British Columbia"],
  ["MB", "Manitoba", "Man"],
  ["NB", "New Brunswick"],
  ["NL", "Newfoundland and Labrador", "Newfoundland", "Newfoundland & Labrador"],
  ["NS", "Nova Scotia"],
  ["NT", "Northwest Territories"],
  ["NU", "Nunavut"],
  ["ON", "Ontario", "Ont"],
  ["PE", "Prince Edward Island"],
  ["QC", "Quebec", "Que", "PQ"],
  ["SK", "Saskatchewan", "Sask"],
  ["YT", "Yukon", "Yukon Territory"],
];

/** Lower case, no accents, no periods, single spaces: "Québec" -> "quebec", "D.C." -> "dc". */
function spellingKey(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .replaceAll(".", "")
    .replace(/\s+/g, " ")
    .trim();
}

const CODE_BY_SPELLING = new Map<string, string>(
  REGIONS.flatMap(([code, ...spellings]) => [code, ...spellings].map((spelling) => [spellingKey(spelling), code] as const)),
);

/** US state / Canadian province as its 2-letter code, from the code or name in any case ("texas", "Tex." -> "TX"). */
export function normaliseUsState(raw: string): NormalisedValue {
  const code = CODE_BY_SPELLING.get(spellingKey(raw));
  return code ? validValue(code) : invalidValue(raw);
}
