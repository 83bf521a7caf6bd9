// The lab's tone presets and the phone keypad's keys.
import { describe, expect, it } from "vitest";

import { keyAction, tonePresets, toneRequest } from "../../src/lab/tones";

describe("toneRequest", () => {
  it("sends CNG as T.30 has it: 1100 Hz, 0.5 s on, 3 s off, several bursts", () => {
    const r = toneRequest("cng");
    expect(r).toMatchObject({ hz: 1100, on_ms: 500, off_ms: 3000 });
    expect(Math.floor(r.ms / (r.on_ms! + r.off_ms!))).toBeGreaterThanOrEqual(3);
  });

  it("sends CED as 2100 Hz for 2.6 to 4 s, steady", () => {
    const r = toneRequest("ced");
    expect(r.hz).toBe(2100);
    expect(r.ms).toBeGreaterThanOrEqual(2600);
    expect(r.ms).toBeLessThanOrEqual(4000);
    expect(r.on_ms).toBeUndefined();
  });

  it("keeps every preset within what the lab accepts", () => {
    for (const p of tonePresets) {
      const r = toneRequest(p);
      expect(r.hz, p).toBeGreaterThanOrEqual(20);
      expect(r.hz, p).toBeLessThanOrEqual(3900);
      expect(r.dbm0, p).toBeGreaterThanOrEqual(-60);
      expect(r.dbm0, p).toBeLessThanOrEqual(3);
    }
  });
});

describe("keyAction", () => {
  it("dials digits, * and #, and flashes on R", () => {
    expect(keyAction({ key: "7" })).toEqual({ kind: "dial", digit: "7" });
    expect(keyAction({ key: "*" })).toEqual({ kind: "dial", digit: "*" });
    expect(keyAction({ key: "#" })).toEqual({ kind: "dial", digit: "#" });
    expect(keyAction({ key: "r" })).toEqual({ kind: "flash" });
    expect(keyAction({ key: "R" })).toEqual({ kind: "flash" });
  });

  it("leaves other keys and shortcuts to the browser", () => {
    for (const key of ["Enter", " ", "Tab", "a", "F5", "ArrowUp"]) expect(keyAction({ key }), key).toBeNull();
    expect(keyAction({ key: "r", ctrlKey: true })).toBeNull();
    expect(keyAction({ key: "1", metaKey: true })).toBeNull();
    expect(keyAction({ key: "R", altKey: true })).toBeNull();
  });
});
