import type { CapPeriod } from "./source-cap.ts";

/** One counting window of a cap: [start, end). */
export interface CapWindow {
  start: Date;
  end: Date;
}

/**
 * The window of `period` that contains `now`, on the wall clock of `timeZone`: the local hour,
 * the local day (from local midnight), the local week (from Monday's midnight) or the local month
 * (from the 1st's midnight). Across a DST change a day is 23 or 25 hours long; where local
 * midnight does not exist (a zone that springs forward at 00:00) the window starts at the first
 * instant of that local day.
 */
export function capWindow(period: CapPeriod, timeZone: string, now: Date): CapWindow {
  // Every lead to a capped source asks: the window that holds `now` is reused until it ends.
  const key = `${period} ${timeZone}`;
  const cached = recentWindows.get(key);
  const at = now.getTime();
  if (cached && cached.start.getTime() <= at && at < cached.end.getTime()) return cached;
  const window = computeWindow(period, timeZone, now);
  if (recentWindows.size > 1_000) recentWindows.clear();
  recentWindows.set(key, window);
  return window;
}

const recentWindows = new Map<string, CapWindow>();

function computeWindow(period: CapPeriod, timeZone: string, now: Date): CapWindow {
  if (period === "hour") {
    // Every zone's offset today is a whole number of minutes: the local hour starts at the UTC
    // instant now minus the local minutes and seconds (Asia/Kolkata's hours start at :30 UTC).
    const wall = wallClock(now, timeZone);
    const start = new Date(now.getTime() - (wall.minute * 60_000 + wall.second * 1000 + (now.getTime() % 1000)));
    return { start, end: new Date(start.getTime() + 3_600_000) };
  }
  const today = wallClock(now, timeZone);
  let first: CalendarDate;
  let next: CalendarDate;
  if (period === "day") {
    first = today;
    next = addDays(today, 1);
  } else if (period === "week") {
    first = addDays(today, -((dayOfWeek(today) + 6) % 7));
    next = addDays(first, 7);
  } else {
    first = { year: today.year, month: today.month, day: 1 };
    next = today.month === 12 ? { year: today.year + 1, month: 1, day: 1 } : { year: today.year, month: today.month + 1, day: 1 };
  }
  return { start: startOfLocalDay(first, timeZone), end: startOfLocalDay(next, timeZone) };
}

interface CalendarDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

interface WallClock extends CalendarDate {
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(instant: Date, timeZone: string): WallClock {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    if (formatters.size > 1_000) formatters.clear();
    formatters.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(instant)) if (part.type !== "literal") parts[part.type] = Number(part.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

function addDays(date: CalendarDate, days: number): CalendarDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday. */
function dayOfWeek(date: CalendarDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

/** Milliseconds the zone's wall clock is ahead of UTC at `instant`. */
function offsetAt(instant: number, timeZone: string): number {
  const wall = wallClock(new Date(instant), timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - (instant - (((instant % 1000) + 1000) % 1000));
}

/** The first instant whose local date is `date` (its local midnight, or later when midnight was skipped). */
function startOfLocalDay(date: CalendarDate, timeZone: string): Date {
  const midnight = Date.UTC(date.year, date.month - 1, date.day);
  // Two passes settle the offset for any instant not inside a DST gap.
  let guess = midnight - offsetAt(midnight, timeZone);
  guess = midnight - offsetAt(guess, timeZone);
  const wall = wallClock(new Date(guess), timeZone);
  const onDate = wall.year === date.year && wall.month === date.month && wall.day === date.day;
  if (onDate && wall.hour === 0 && wall.minute === 0) return new Date(guess);
  // Local midnight fell in a gap (or the guess landed on the day before): step forward to the
  // transition, found by bisection between the day before's last hour and 2 days' span.
  let low = midnight - 14 * 3_600_000 - 3_600_000;
  let high = midnight + 14 * 3_600_000 + 3_600_000;
  const before = (t: number) => {
    const w = wallClock(new Date(t), timeZone);
    return Date.UTC(w.year, w.month - 1, w.day) < midnight;
  };
  while (high - low > 1_000) {
    const mid = Math.floor((low + high) / 2 / 1000) * 1000;
    if (before(mid)) low = mid;
    else high = mid;
  }
  return new Date(high);
}
