/**
 * PostgreSQL errors caused by the data of a row rather than by the database itself, told apart
 * by SQLSTATE class: 22 data exception (a value a type refuses), 23 integrity constraint
 * violation, 54 program limit exceeded (e.g. a value nested too deep for jsonb, an index row too
 * large). Connection failures, timeouts, shutdowns and resource errors are none of these.
 */
export function isRowDataError(error: unknown): boolean {
  const sqlState = sqlStateOf(error);
  return sqlState !== undefined && ["22", "23", "54"].includes(sqlState.slice(0, 2));
}

/** A value the database can never store, however often it is retried (classes 22 and 54). */
export function isUnstorableValueError(error: unknown): boolean {
  const sqlState = sqlStateOf(error);
  return sqlState !== undefined && ["22", "54"].includes(sqlState.slice(0, 2));
}

function sqlStateOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}
