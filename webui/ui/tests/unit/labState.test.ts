// The lab page's world: lab events from the feed, and an action's answer
// put in place at once.
import { describe, expect, it } from "vitest";

import { isLabEvent, withSlot, type LabState, type PhoneState } from "../../src/lab/state";

const phone = (slot: string, off_hook = false): PhoneState => ({
  slot, country: "RU", off_hook, ringing: false, bell: false, rings: 0, reversed: false, caller_id: null, dialling: false,
  hears: "silence", level_dbm0: null, tone_hz: null, digits: "",
});
const world: LabState = { phones: [phone("fxs1"), phone("fxs2")], lines: [], gsm: [] };

describe("withSlot", () => {
  it("puts the phone an action answered in its place", () => {
    const next = withSlot(world, "phones/fxs2/offhook", phone("fxs2", true))!;
    expect(next.phones!.map((p) => p.off_hook)).toEqual([false, true]);
    expect(world.phones![1].off_hook).toBe(false); // the old state is left as it was
  });

  it("takes the whole world from a reset", () => {
    const reset: LabState = { phones: [phone("fxs1")], lines: [], gsm: [] };
    expect(withSlot(world, "reset", reset)).toBe(reset);
    expect(withSlot(null, "reset", reset)).toBe(reset);
  });

  it("leaves the world for an answer that is no slot", () => {
    expect(withSlot(world, "button", { pin: "sim:button-reset", ms: 1000 })).toBe(world);
    expect(withSlot(world, "phones/fxs1/offhook", null)).toBe(world);
    expect(withSlot(null, "phones/fxs1/offhook", phone("fxs1", true))).toBeNull();
  });
});

describe("isLabEvent", () => {
  it("tells a lab event from others", () => {
    expect(isLabEvent({ type: "lab", state: world })).toBe(true);
    expect(isLabEvent({ type: "lab" })).toBe(false);
    expect(isLabEvent({ type: "telephony", state: world })).toBe(false);
  });
});
