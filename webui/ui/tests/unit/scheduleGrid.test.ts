// The schedules page's weekly grid against schedule documents: painting a
// document onto the grid as pbx/schedule reads it, and back.
import { describe, expect, it } from "vitest";

import { emptyGrid, fromGrid, inRect, paint, parseClock, slotsPerDay, toGrid, type Interval } from "../../src/schedules/grid";

const weekdays5 = ["mon", "tue", "wed", "thu", "fri"];

// cells lists the "day:slot" cells of grid that hold index.
function cells(grid: number[][], index: number): string[] {
  const out: string[] = [];
  grid.forEach((row, d) => row.forEach((v, s) => v === index && out.push(`${d}:${s}`)));
  return out;
}

describe("toGrid", () => {
  it("paints working hours on Monday to Friday", () => {
    const { grid, exact } = toGrid([{ name: "working", ranges: [{ days: weekdays5, from: "09:00", to: "18:00" }] }]);
    expect(exact).toBe(true);
    expect(cells(grid, 0)).toHaveLength(5 * 18);
    expect(grid[0][17]).toBe(-1); // Monday 08:30
    expect(grid[0][18]).toBe(0); // Monday 09:00
    expect(grid[0][35]).toBe(0); // Monday 17:30
    expect(grid[0][36]).toBe(-1); // Monday 18:00
    expect(grid[5][18]).toBe(-1); // Saturday
  });

  it("lets the first interval win where ranges overlap", () => {
    const { grid } = toGrid([
      { name: "lunch", ranges: [{ days: ["mon"], from: "13:00", to: "14:00" }] },
      { name: "working", ranges: [{ days: ["mon"], from: "09:00", to: "18:00" }] },
    ]);
    expect(grid[0].slice(26, 28)).toEqual([0, 0]);
    expect(grid[0][25]).toBe(1);
    expect(grid[0][28]).toBe(1);
    expect(cells(grid, 1)).toHaveLength(16);
  });

  it("runs a range that crosses midnight into the next day, Sunday into Monday", () => {
    const { grid, exact } = toGrid([{ name: "night", ranges: [{ days: ["sun"], from: "22:00", to: "06:00" }] }]);
    expect(exact).toBe(true);
    expect(cells(grid, 0)).toEqual([...Array.from({ length: 12 }, (_, s) => `0:${s}`), "6:44", "6:45", "6:46", "6:47"]);
  });

  it("takes 00:00-24:00 as the whole day", () => {
    const { grid } = toGrid([{ name: "working", ranges: [{ days: ["sat"], from: "00:00", to: "24:00" }] }]);
    expect(cells(grid, 0)).toHaveLength(slotsPerDay);
  });

  it("marks times off the half hour and bad ranges as not exact", () => {
    const tests: [string, Interval[]][] = [
      ["09:15", [{ name: "working", ranges: [{ days: ["mon"], from: "09:15", to: "18:00" }] }]],
      ["25:00", [{ name: "working", ranges: [{ days: ["mon"], from: "09:00", to: "25:00" }] }]],
      ["empty", [{ name: "working", ranges: [{ days: ["mon"], from: "09:00", to: "09:00" }] }]],
      ["weekday", [{ name: "working", ranges: [{ days: ["monday"], from: "09:00", to: "10:00" }] }]],
    ];
    for (const [name, ivs] of tests) expect(toGrid(ivs).exact, name).toBe(false);
    // 09:15 covers the cells that start inside the range.
    const { grid } = toGrid(tests[0][1]);
    expect(grid[0][18]).toBe(-1);
    expect(grid[0][19]).toBe(0);
  });
});

describe("fromGrid", () => {
  it("joins days with the same hours into one range", () => {
    let g = paint(emptyGrid(), { day: 0, slot: 18 }, { day: 4, slot: 35 }, 0);
    g = paint(g, { day: 5, slot: 20 }, { day: 5, slot: 27 }, 0);
    g = paint(g, { day: 0, slot: 26 }, { day: 4, slot: 27 }, 1);
    expect(fromGrid(g, ["working", "lunch"])).toEqual([
      {
        name: "working",
        ranges: [
          { days: weekdays5, from: "09:00", to: "13:00" },
          { days: weekdays5, from: "14:00", to: "18:00" },
          { days: ["sat"], from: "10:00", to: "14:00" },
        ],
      },
      { name: "lunch", ranges: [{ days: weekdays5, from: "13:00", to: "14:00" }] },
    ]);
  });

  it("ends a run at 24:00 and splits a night at midnight", () => {
    const { grid } = toGrid([{ name: "night", ranges: [{ days: ["fri"], from: "22:00", to: "06:00" }] }]);
    expect(fromGrid(grid, ["night"])).toEqual([
      {
        name: "night",
        ranges: [
          { days: ["fri"], from: "22:00", to: "24:00" },
          { days: ["sat"], from: "00:00", to: "06:00" },
        ],
      },
    ]);
  });

  it("gives an interval with no cells no ranges", () => {
    expect(fromGrid(emptyGrid(), ["working", "non-working"])).toEqual([
      { name: "working", ranges: [] },
      { name: "non-working", ranges: [] },
    ]);
  });

  it("reads back the same grid it wrote", () => {
    let g = emptyGrid();
    // A pattern of rectangles of three intervals.
    for (let i = 0; i < 12; i++) g = paint(g, { day: i % 7, slot: (i * 7) % 40 }, { day: (i * 3) % 7, slot: (i * 11) % 48 }, i % 3);
    const again = toGrid(fromGrid(g, ["a", "b", "c"]));
    expect(again.exact).toBe(true);
    expect(again.grid).toEqual(g);
  });
});

describe("paint", () => {
  it("fills the rectangle between two cells in either order and leaves the grid given alone", () => {
    const g = emptyGrid();
    const out = paint(g, { day: 2, slot: 10 }, { day: 1, slot: 8 }, 3);
    expect(cells(out, 3)).toEqual(["1:8", "1:9", "1:10", "2:8", "2:9", "2:10"]);
    expect(cells(g, 3)).toEqual([]);
    expect(cells(paint(out, { day: 1, slot: 9 }, { day: 2, slot: 9 }, -1), 3)).toEqual(["1:8", "1:10", "2:8", "2:10"]);
    expect(inRect({ day: 2, slot: 9 }, { day: 2, slot: 10 }, { day: 1, slot: 8 })).toBe(true);
    expect(inRect({ day: 3, slot: 9 }, { day: 2, slot: 10 }, { day: 1, slot: 8 })).toBe(false);
  });
});

describe("parseClock", () => {
  it("reads HH:MM and 24:00 only as an end", () => {
    expect(parseClock("09:30")).toBe(570);
    expect(parseClock("24:00")).toBeNull();
    expect(parseClock("24:00", true)).toBe(1440);
    for (const bad of ["9:30", "09:60", "24:01", "ab:cd", ""]) expect(parseClock(bad, true), bad).toBeNull();
  });
});
