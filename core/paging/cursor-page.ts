/**
 * Newest-first pages keyed by id: ids are UUIDv7 (core/ids.ts), so ordering by id is ordering by
 * creation time and the last id of a page is the cursor of the next one.
 */
export interface PageRequest {
  /** The last id of the previous page (its `nextCursor`). */
  cursor?: string;
  limit: number;
}

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** Prisma arguments that read one row more than the page holds, to know whether another follows. */
export function pageQuery(page: PageRequest) {
  return {
    where: page.cursor ? { id: { lt: page.cursor } } : {},
    orderBy: { id: "desc" as const },
    take: page.limit + 1,
  };
}

export function toCursorPage<Row extends { id: string }, T>(rows: Row[], page: PageRequest, view: (row: Row) => T): CursorPage<T> {
  const kept = rows.slice(0, page.limit);
  return { items: kept.map(view), nextCursor: rows.length > page.limit ? (kept.at(-1)?.id ?? null) : null };
}
