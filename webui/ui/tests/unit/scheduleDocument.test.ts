// The schedules page's edits of a schedule document: a new schedule, a
// stored one read back, renaming an interval, and the body it saves.
import { describe, expect, it } from "vitest";

import { canAddInterval, forSave, intervalChoices, newDocument, readDocument, renameInterval } from "../../src/schedules/document";

describe("newDocument", () => {
  it("starts with office hours and the holidays of the admin's language", () => {
    const d = newDocument("Europe/Kyiv", "uk");
    expect(d.time_zone).toBe("Europe/Kyiv");
    expect(d.intervals.map((iv) => iv.name)).toEqual(["working", "non-working"]);
    expect(d.intervals[0].ranges).toEqual([{ days: ["mon", "tue", "wed", "thu", "fri"], from: "09:00", to: "18:00" }]);
    expect(d.holidays).toEqual({ country: "UA" });
    expect(newDocument("UTC", "en").holidays).toEqual({});
  });
});

describe("readDocument", () => {
  it("fills lists JSON left out and takes the row's zone when the document has none", () => {
    const d = readDocument({ intervals: [{ name: "working" }] }, "Europe/Moscow");
    expect(d).toEqual({ version: 1, time_zone: "Europe/Moscow", intervals: [{ name: "working", ranges: [] }], holidays: { dates: [] } });
  });
});

describe("renameInterval", () => {
  it("renames the interval, the default and the holiday mappings", () => {
    const d = readDocument(
      {
        intervals: [{ name: "lunch", ranges: [] }, { name: "working", ranges: [] }],
        default: "lunch",
        holidays: { interval: "lunch", dates: [{ date: "2026-12-30", kind: "holiday", interval: "lunch" }] },
      },
      "UTC",
    );
    const r = renameInterval(d, "lunch", "break");
    expect(r.intervals.map((iv) => iv.name)).toEqual(["break", "working"]);
    expect(r.default).toBe("break");
    expect(r.holidays.interval).toBe("break");
    expect(r.holidays.dates?.[0].interval).toBe("break");
    expect(d.intervals[0].name).toBe("lunch");
  });
});

describe("canAddInterval", () => {
  it("allows five intervals, three of them named by the admin", () => {
    const doc = (names: string[]) => readDocument({ intervals: names.map((name) => ({ name, ranges: [] })) }, "UTC");
    expect(canAddInterval(doc(["working", "non-working", "a", "b"]))).toBe(true);
    expect(canAddInterval(doc(["working", "a", "b", "c"]))).toBe(false);
    expect(canAddInterval(doc(["working", "non-working", "a", "b", "c"]))).toBe(false);
    expect(intervalChoices(doc(["a", "working"]))).toEqual(["working", "non-working", "a"]);
  });
});

describe("forSave", () => {
  it("leaves empty fields out and gives a working day its weekday", () => {
    const d = readDocument(
      {
        time_zone: "Europe/Warsaw",
        intervals: [{ name: "working", ranges: [] }],
        default: "",
        holidays: { country: "PL", interval: "", like: "", observe_suspended: false, dates: [
          { date: "2026-06-06", kind: "working", name: "" },
          { date: "2026-12-24", kind: "holiday", name: "Eve", interval: "" },
        ] },
      },
      "UTC",
    );
    expect(forSave(d)).toEqual({
      version: 1,
      time_zone: "Europe/Warsaw",
      intervals: [{ name: "working", ranges: [] }],
      holidays: { country: "PL", dates: [{ date: "2026-06-06", kind: "working", like: "mon" }, { date: "2026-12-24", kind: "holiday", name: "Eve" }] },
    });
  });
});
