// A schedule as GET /api/schedules gives it, its document as pbx/schedule
// reads it, and the edits the schedules page makes to it.
import type { Interval } from "./grid";

export const working = "working";
export const nonWorking = "non-working";
// maxIntervals and maxNamed are pbx/schedule's limits: five intervals, of
// which three may have names of the admin's own.
export const maxIntervals = 5;
export const maxNamed = 3;

export interface AdminDate {
  date: string; // YYYY-MM-DD
  kind: "holiday" | "working";
  name?: string;
  interval?: string;
  like?: string;
}

export interface Holidays {
  country?: string;
  interval?: string;
  like?: string;
  working_day_like?: string;
  observe_suspended?: boolean;
  dates?: AdminDate[];
}

export interface ScheduleDocument {
  version: number;
  time_zone?: string;
  intervals: Interval[];
  default?: string;
  holidays: Holidays;
}

export interface Schedule {
  id: number;
  name: string;
  time_zone: string;
  document: ScheduleDocument;
}

// CalendarDay and CalendarYear are GET /api/schedules/calendars.
export interface CalendarDay {
  date: string;
  kind: "holiday" | "day_off" | "working" | "suspended";
  name: string;
  local_name?: string;
  like?: string;
  moved_from?: string;
}

export interface CalendarYear {
  country: string;
  year: number;
  coverage: "official" | "provisional" | "";
  days: CalendarDay[];
}

// countryLanguage is the UI language of each calendar's country, whose
// local names the page shows in that language.
export const countryLanguage: Record<string, string> = { RU: "ru", UA: "uk", PL: "pl" };

// newDocument is the document of a new schedule: working hours Monday to
// Friday 09:00-18:00, the rest non-working, the holidays of the country
// whose language the admin reads, if any.
export function newDocument(timeZone: string, lang: string): ScheduleDocument {
  const country = Object.entries(countryLanguage).find(([, l]) => l === lang)?.[0];
  return {
    version: 1,
    time_zone: timeZone,
    intervals: [
      { name: working, ranges: [{ days: ["mon", "tue", "wed", "thu", "fri"], from: "09:00", to: "18:00" }] },
      { name: nonWorking, ranges: [] },
    ],
    default: nonWorking,
    holidays: country ? { country } : {},
  };
}

// readDocument takes a stored document into the page's shape: lists that
// JSON left out become empty.
export function readDocument(doc: unknown, timeZone: string): ScheduleDocument {
  const d = (typeof doc === "object" && doc !== null ? doc : {}) as Partial<ScheduleDocument>;
  return {
    ...d,
    version: d.version || 1,
    time_zone: d.time_zone || timeZone,
    intervals: (d.intervals ?? []).map((iv) => ({ name: iv.name, ranges: (iv.ranges ?? []).map((r) => ({ ...r, days: r.days ?? [] })) })),
    holidays: { ...(d.holidays ?? {}), dates: d.holidays?.dates ?? [] },
  };
}

// isStandard reports whether name is one of the two intervals every
// schedule knows.
export function isStandard(name: string): boolean {
  return name === working || name === nonWorking;
}

// canAddInterval reports whether doc may take another interval of the
// admin's own.
export function canAddInterval(doc: ScheduleDocument): boolean {
  return doc.intervals.length < maxIntervals && doc.intervals.filter((iv) => !isStandard(iv.name)).length < maxNamed;
}

// intervalChoices are the names a default or a holiday may take: the
// standard two and the document's own, without repeats.
export function intervalChoices(doc: ScheduleDocument): string[] {
  return [...new Set([working, nonWorking, ...doc.intervals.map((iv) => iv.name)])];
}

// renameInterval renames an interval everywhere the document names it:
// the interval, the default and the holiday mappings.
export function renameInterval(doc: ScheduleDocument, from: string, to: string): ScheduleDocument {
  const swap = (s: string | undefined) => (s === from ? to : s);
  return {
    ...doc,
    intervals: doc.intervals.map((iv) => (iv.name === from ? { ...iv, name: to } : iv)),
    default: swap(doc.default),
    holidays: {
      ...doc.holidays,
      interval: swap(doc.holidays.interval),
      dates: doc.holidays.dates?.map((d) => ({ ...d, interval: swap(d.interval) })),
    },
  };
}

// forSave returns doc as the API takes it: empty optional fields left
// out, so the box keeps its defaults.
export function forSave(doc: ScheduleDocument): ScheduleDocument {
  const h: Holidays = {};
  for (const k of ["country", "interval", "like", "working_day_like"] as const) if (doc.holidays[k]) h[k] = doc.holidays[k];
  if (doc.holidays.observe_suspended) h.observe_suspended = true;
  if (doc.holidays.dates?.length) {
    h.dates = doc.holidays.dates.map((d) => {
      const out: AdminDate = { date: d.date, kind: d.kind };
      if (d.name) out.name = d.name;
      if (d.kind === "holiday" && d.interval) out.interval = d.interval;
      if (d.kind === "working") out.like = d.like || "mon";
      return out;
    });
  }
  const out: ScheduleDocument = { version: doc.version || 1, intervals: doc.intervals, holidays: h };
  if (doc.time_zone) out.time_zone = doc.time_zone;
  if (doc.default) out.default = doc.default;
  return out;
}
