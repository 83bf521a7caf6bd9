// Paths map to pages; durations and sizes follow the language.
import { describe, expect, it } from "vitest";

import { formatDuration, formatMB } from "../../src/format";
import { matchRoute } from "../../src/routes";

describe("matchRoute", () => {
  it.each([
    ["/", { page: "dashboard" }],
    ["", { page: "dashboard" }],
    ["/extensions", { page: "extensions" }],
    ["/extensions/", { page: "extensions" }],
    ["/scenarios", { page: "scenarios" }],
    ["/scenarios/12", { page: "scenario", id: 12 }],
    ["/lab", { page: "lab" }],
    ["/lab/", { page: "lab" }],
    ["/outbound-rules", { page: "rules" }],
    ["/routes", { page: "routes" }],
    ["/trunks/", { page: "trunks" }],
    ["/fxs-ports", { page: "fxs" }],
    ["/fxo-lines/", { page: "fxo" }],
    ["/gsm", { page: "gsm" }],
    ["/gsm/1", { page: "notFound" }],
    ["/prompts", { page: "prompts" }],
    ["/schedules/", { page: "schedules" }],
    ["/calls", { page: "calls" }],
    ["/voicemail", { page: "voicemail" }],
    ["/lists", { page: "lists" }],
    ["/groups", { page: "groups" }],
    ["/system", { page: "system" }],
    ["/system/logs", { page: "notFound" }],
    ["/__proto__", { page: "notFound" }],
    ["/constructor", { page: "notFound" }],
    ["/scenarios/0", { page: "notFound" }],
    ["/scenarios/abc", { page: "notFound" }],
    ["/scenarios/99999999999999999999", { page: "notFound" }],
    ["/nothing", { page: "notFound" }],
  ])("%s", (path, want) => {
    expect(matchRoute(path)).toEqual(want);
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "en", "0s"],
    [59, "en", "59s"],
    [3725, "en", "1h 2m 5s"],
    [90061, "en", "1d 1h 1m 1s"],
    [3600, "en", "1h 0m 0s"],
  ])("%d s in %s", (s, lang, want) => {
    expect(formatDuration(s, lang)).toBe(want);
  });

  it("uses the language's units", () => {
    expect(formatDuration(3725, "ru")).not.toBe(formatDuration(3725, "en"));
  });
});

describe("formatMB", () => {
  it("uses the language's decimal separator", () => {
    expect(formatMB(1.5e6, "en")).toContain("1.5");
    expect(formatMB(1.5e6, "ru")).toContain("1,5");
    expect(formatMB(1.5e6, "pl")).toContain("1,5");
  });
});
