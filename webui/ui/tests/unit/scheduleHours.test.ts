// The week grid's hour labels follow the language's 12- or 24-hour clock.
import { describe, expect, it } from "vitest";

import { hourLabel, timeLabel, uses12Hour } from "../../src/schedules/hours";

// plain turns the narrow and ordinary no-break spaces Intl puts before
// AM and PM into spaces.
const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, " ");

describe("hour labels", () => {
  it("run 12 hours in English and 24 in Russian, Ukrainian and Polish", () => {
    expect(uses12Hour("en")).toBe(true);
    for (const lang of ["ru", "uk", "pl"]) expect(uses12Hour(lang), lang).toBe(false);
  });
  it("label the hours as each language's clock does", () => {
    expect([0, 540, 720, 1380].map((m) => plain(hourLabel(m, "en")))).toEqual(["12 AM", "9 AM", "12 PM", "11 PM"]);
    for (const lang of ["ru", "uk", "pl"]) {
      expect([0, 540, 720, 1380].map((m) => hourLabel(m, lang)), lang).toEqual(["00:00", "09:00", "12:00", "23:00"]);
    }
  });
  it("give a cell's times with their minutes, the day's end as midnight", () => {
    expect(plain(timeLabel(570, "en"))).toBe("9:30 AM");
    expect(plain(timeLabel(1440, "en"))).toBe("12:00 AM");
    expect(timeLabel(570, "pl")).toBe("09:30");
    expect(timeLabel(1440, "ru")).toBe("00:00");
  });
});
