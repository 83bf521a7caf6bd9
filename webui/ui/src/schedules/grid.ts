// The weekly grid of the schedules page and its conversion to and from a
// schedule document's intervals (pbx/schedule's Document): 7 days from
// Monday, each cut into half-hour slots. A cell holds the index of the
// interval that covers it, or -1 where the schedule's default applies.

export const weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof weekdays)[number];

// slotMinutes is the length of a grid cell; slotsPerDay cells make a day.
export const slotMinutes = 30;
export const slotsPerDay = (24 * 60) / slotMinutes;

export interface Range {
  days: string[];
  from: string; // "HH:MM", 00:00 to 23:59
  to: string; // "HH:MM", 00:00 to 24:00; earlier than from: crosses midnight
}

export interface Interval {
  name: string;
  ranges: Range[];
}

// Grid is [day][slot] -> interval index, or -1 for the default.
export type Grid = number[][];

export function emptyGrid(): Grid {
  return weekdays.map(() => new Array<number>(slotsPerDay).fill(-1));
}

// parseClock reads "HH:MM" as minutes since midnight, or null when it is
// no time of day ("24:00" only when end is true).
export function parseClock(s: string, end = false): number | null {
  const m = /^(\d\d):(\d\d)$/.exec(s);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && (min !== 0 || !end))) return null;
  return h * 60 + min;
}

// clock writes minutes since midnight as "HH:MM".
export function clock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

// toGrid paints the intervals onto a grid as pbx/schedule reads them: the
// first interval whose range covers a moment wins, and a range whose to
// is earlier than its from runs on into the next day (Sunday into
// Monday). A cell is covered when its start is. exact is false when some
// range does not start and end on a slot's edge, or a range is not a
// valid time: the grid then only approximates the document, and painting
// on it rounds those ranges to slots.
export function toGrid(intervals: Interval[]): { grid: Grid; exact: boolean } {
  const grid = emptyGrid();
  let exact = true;
  intervals.forEach((iv, index) => {
    for (const r of iv.ranges) {
      const from = parseClock(r.from);
      const to = parseClock(r.to, true);
      if (from === null || to === null || from === to) {
        exact = false;
        continue;
      }
      if (from % slotMinutes !== 0 || to % slotMinutes !== 0) exact = false;
      // The span in minutes from the start day's midnight.
      const end = to > from ? to : to + 24 * 60;
      for (const day of r.days) {
        const d = weekdays.indexOf(day as Weekday);
        if (d < 0) {
          exact = false;
          continue;
        }
        for (let m = Math.ceil(from / slotMinutes) * slotMinutes; m < end; m += slotMinutes) {
          const cellDay = (d + Math.floor(m / (24 * 60))) % 7;
          const slot = (m % (24 * 60)) / slotMinutes;
          if (grid[cellDay][slot] === -1) grid[cellDay][slot] = index;
        }
      }
    }
  });
  return { grid, exact };
}

// fromGrid turns a grid back into the ranges of each of names (the
// intervals in their order): each day's runs of one interval become
// ranges, and days with the same run share one range, so Monday to
// Friday 09:00-18:00 is one range. A run never crosses midnight: a night
// shift is 22:00-24:00 on one day and 00:00-06:00 on the next.
export function fromGrid(grid: Grid, names: string[]): Interval[] {
  return names.map((name, index) => {
    // key "from-to" -> days, in the order the runs first appear.
    const runs = new Map<string, string[]>();
    weekdays.forEach((day, d) => {
      let start = -1;
      for (let s = 0; s <= slotsPerDay; s++) {
        const on = s < slotsPerDay && grid[d][s] === index;
        if (on && start < 0) start = s;
        if (!on && start >= 0) {
          const key = `${clock(start * slotMinutes)}-${clock(s * slotMinutes)}`;
          runs.set(key, [...(runs.get(key) ?? []), day]);
          start = -1;
        }
      }
    });
    const ranges = [...runs.entries()]
      .map(([key, days]) => {
        const [from, to] = key.split("-");
        return { days, from, to };
      })
      .sort((a, b) => weekdays.indexOf(a.days[0] as Weekday) - weekdays.indexOf(b.days[0] as Weekday) || a.from.localeCompare(b.from));
    return { name, ranges };
  });
}

// Cell is a grid cell: a day (0 is Monday) and a slot.
export interface Cell {
  day: number;
  slot: number;
}

// paint returns a copy of grid with the rectangle between two cells (the
// days and the slots between them, both included) set to index; -1
// clears it back to the default.
export function paint(grid: Grid, a: Cell, b: Cell, index: number): Grid {
  const out = grid.map((row) => row.slice());
  const [d0, d1] = [Math.min(a.day, b.day), Math.max(a.day, b.day)];
  const [s0, s1] = [Math.min(a.slot, b.slot), Math.max(a.slot, b.slot)];
  for (let d = d0; d <= d1; d++) for (let s = s0; s <= s1; s++) out[d][s] = index;
  return out;
}

// inRect reports whether c lies in the rectangle between a and b.
export function inRect(c: Cell, a: Cell, b: Cell): boolean {
  return (
    c.day >= Math.min(a.day, b.day) && c.day <= Math.max(a.day, b.day) && c.slot >= Math.min(a.slot, b.slot) && c.slot <= Math.max(a.slot, b.slot)
  );
}
