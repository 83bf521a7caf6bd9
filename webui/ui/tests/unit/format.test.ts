// Numbers, sizes, durations and percentages in each language of the app.
import { describe, expect, it } from "vitest";

import { formatClock, formatDuration, formatMB, formatNumber, formatPercent } from "../../src/format";

// plain folds the no-break spaces Intl puts between digits and units into
// plain spaces, so that the table below reads plainly.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("format", () => {
  const tests: { lang: string; f: () => string; want: string }[] = [
    { lang: "en", f: () => formatPercent(42, "en"), want: "42%" },
    { lang: "ru", f: () => formatPercent(42, "ru"), want: "42 %" },
    { lang: "uk", f: () => formatPercent(100, "uk"), want: "100%" },
    { lang: "pl", f: () => formatPercent(7.6, "pl"), want: "8%" },
    { lang: "en", f: () => formatNumber(1234567, "en"), want: "1,234,567" },
    { lang: "ru", f: () => formatNumber(1234567, "ru"), want: "1 234 567" },
    { lang: "pl", f: () => formatNumber(1234.5, "pl"), want: "1234,5" },
    { lang: "uk", f: () => formatMB(22_900_000, "uk"), want: "22,9 МБ" },
    { lang: "en", f: () => formatDuration(3725, "en"), want: "1h 2m 5s" },
    { lang: "en", f: () => formatClock(3725, "en"), want: "1:02:05" },
  ];
  it.each(tests)("$lang: $want", ({ f, want }) => {
    expect(plain(f())).toBe(want);
  });
});
