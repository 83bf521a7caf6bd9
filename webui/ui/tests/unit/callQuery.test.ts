// The call log's filters as the API's query, and a call's path as the page
// lists it.
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { callQuery, callRating, causeName, causes, hasRecording, localDayStart, noFilter, party, pathSteps, type CallDetail } from "../../src/calls/query";
import { createI18n } from "../../src/i18n";
import { languages } from "../../src/locales";

// The tests run in Warsaw's zone, so a calendar day does not start at UTC
// midnight (CET is UTC+1 in winter, CEST UTC+2 in summer).
let zone: string | undefined;
beforeEach(() => {
  zone = process.env.TZ;
  process.env.TZ = "Europe/Warsaw";
});
afterEach(() => {
  process.env.TZ = zone;
});

describe("callQuery", () => {
  it("sends nothing for no filter", () => {
    expect(callQuery(noFilter)).toBe("");
  });

  it("covers whole local days, from the first midnight to the one after the last day", () => {
    const q = new URLSearchParams(callQuery({ ...noFilter, from: "2026-03-01", to: "2026-03-31" }));
    expect(q.get("from")).toBe("2026-02-28T23:00:00Z");
    // 29 March 2026 moved Warsaw to summer time.
    expect(q.get("to")).toBe("2026-03-31T22:00:00Z");
  });

  it("trims the number and the line, lowers the line and keeps before", () => {
    const q = new URLSearchParams(callQuery({ ...noFilter, number: " +7495 ", line: " GSM/1 ", outcome: "busy" }, 42));
    expect(Object.fromEntries(q)).toEqual({ number: "+7495", channel: "gsm/1", outcome: "busy", before: "42" });
  });

  it("sends a text that is no date as it is, for the box to name", () => {
    expect(new URLSearchParams(callQuery({ ...noFilter, from: "yesterday" })).get("from")).toBe("yesterday");
    expect(localDayStart("2026-13-01x")).toBeNull();
  });
});

describe("pathSteps", () => {
  it("times each step from the call's start", () => {
    const c = {
      started_at: "2026-11-20T09:00:00Z",
      details: {
        path: [
          { at: "2026-11-20T09:00:00.2Z", step: "menu", outcome: "1" },
          { at: "2026-11-20T09:00:07Z", step: "group" },
        ],
      },
    } as CallDetail;
    expect(pathSteps(c)).toEqual([
      { offset: 0, step: "menu", outcome: "1" },
      { offset: 7, step: "group", outcome: "" },
    ]);
    expect(pathSteps({ ...c, details: {} })).toEqual([]);
  });
});

describe("party", () => {
  it("joins the number and a name that is known", () => {
    expect(party("101", "Alice")).toBe("101 Alice");
    expect(party("101", "")).toBe("101");
    expect(party("", "")).toBe("");
  });
});

describe("hasRecording", () => {
  it("offers a recording only when the call's record says there is one", () => {
    const c = { id: 1 } as CallDetail;
    expect(hasRecording(c)).toBe(false);
    expect(hasRecording({ ...c, recorded: false }, { ...c, recorded: false })).toBe(false);
    expect(hasRecording({ ...c, recorded: true })).toBe(true);
    expect(hasRecording(c, { ...c, recorded: true })).toBe(true);
    expect(hasRecording(c, null)).toBe(false);
    // The box names the mark "recorded"; a field of another name is no mark.
    expect(hasRecording({ ...c, recording: true } as unknown as CallDetail)).toBe(false);
  });
});

describe("callRating", () => {
  const call = (variables?: Record<string, string>) => ({ id: 1, details: { variables } }) as unknown as CallDetail;
  it("reads a rating of 1 to 5 from the call's variables", () => {
    expect(callRating(call({ rating: "4" }))).toBe(4);
    expect(callRating(call({ rating: "1" }))).toBe(1);
  });
  it("is null without a rating or for a value that is none", () => {
    expect(callRating(call())).toBeNull();
    expect(callRating(call({ rating: "" }))).toBeNull();
    expect(callRating(call({ rating: "6" }))).toBeNull();
    expect(callRating(call({ rating: "45" }))).toBeNull();
  });
});

describe("causeName", () => {
  it.each(languages)("names every cause of a call record in %s", (lang) => {
    const t = createI18n(lang).t;
    for (const c of causes) {
      const name = causeName(t, c);
      expect(name, c).not.toBe(`calls.causes.${c}`);
      expect(name.trim(), c).not.toBe("");
    }
  });

  it("says that a number was not found", () => {
    expect(causeName(createI18n("en").t, "not_found")).toBe("number not found");
    expect(causeName(createI18n("ru").t, "not_found")).toBe("номер не найден");
  });

  it("shows an unknown cause as written, and none as a dash", () => {
    const t = createI18n("en").t;
    expect(causeName(t, "cause(9)")).toBe("cause(9)");
    expect(causeName(t, "")).toBe("–");
    expect(causeName(t, undefined)).toBe("–");
  });
});
