// The dashboard's alarms: what in a telephony snapshot needs the admin,
// as text keys that every language words.
import { describe, expect, it } from "vitest";

import { alarmsOf, limitAlarm } from "../../src/dashboard/alarms";
import { createI18n } from "../../src/i18n";
import { languages } from "../../src/locales";
import type { GSMModuleStatus, TelephonyStatus } from "../../src/telephony";

const module: GSMModuleStatus = {
  slot: 1, module: "gsm/1", name: "", enabled: true, operator: "MTS", signal_dbm: -71, bars: 4,
  registration: "registered, home", registered: true, sim: "READY", modem_down: false, in_call: false, up: true,
  minutes_today: 0, minutes_month: 0, sms_today: 0, minutes_per_day: 0, minutes_per_month: 0, sms_per_day: 0, alarms: [],
};

const snapshot = (s: Partial<TelephonyStatus>): TelephonyStatus => ({
  at: "2026-11-21T10:00:00Z", fxs: [], fxo: [], gsm: [], trunks: [], registrations: [], calls: [], ...s,
});

const line = { port: 1, name: "", number: "", enabled: true, state: "idle", volts: 48, down: false, in_use: false, ringing: false };

describe("limitAlarm", () => {
  const tests: [string, ReturnType<typeof limitAlarm>][] = [
    ["minutes per day limit reached (60)", { key: "minutesPerDay", limit: 60 }],
    ["minutes per month limit reached (1000)", { key: "minutesPerMonth", limit: 1000 }],
    ["SMS per day limit reached (10)", { key: "smsPerDay", limit: 10 }],
    ["module 2 failed to start: no answer", null],
    ["SMS per day limit reached", null],
  ];
  it.each(tests)("limitAlarm(%j)", (text, want) => {
    expect(limitAlarm(text)).toEqual(want);
  });
});

describe("alarmsOf", () => {
  it("raises nothing on a healthy box", () => {
    expect(alarmsOf(snapshot({ gsm: [module], fxo: [line], trunks: [{ name: "provider", state: "registered", up: true }] }))).toEqual([]);
  });

  it("names each part that needs the admin, ports first", () => {
    const got = alarmsOf(snapshot({
      fxs: [{ port: 2, extension: "", mode: "voice", state: "failed", off_hook: false, message_waiting: false }],
      fxo: [
        { ...line, port: 2, name: "City", down: true, volts: 0 },
        { ...line, port: 3, enabled: false, down: true, volts: 0 },
      ],
      gsm: [
        { ...module, slot: 2, sim: "SIM PIN", registered: false, registration: "not registered" },
        { ...module, alarms: ["minutes per day limit reached (60)", "SMS per day limit reached (10)"] },
        { ...module, slot: 3, sim: "NOT INSERTED", registered: false },
        { ...module, slot: 4, modem_down: true, enabled: false, alarms: ["module gsm4 failed to start: no answer"] },
        { ...module, slot: 5, enabled: false, modem_down: true },
        { ...module, slot: 6, registration: "registration denied", registered: false, sim: "" },
      ],
      trunks: [
        { name: "provider", state: "failed", up: false, error: "403 Forbidden" },
        { name: "backup", state: "registering", up: false },
      ],
    }));
    expect(got.map((a) => [a.id, a.key, a.values, a.detail])).toEqual([
      ["fxs/2", "failed", {}, ""],
      ["fxo/2", "lineDown", {}, ""],
      ["gsm/1/minutesPerDay", "minutesPerDay", { limit: 60 }, ""],
      ["gsm/1/smsPerDay", "smsPerDay", { limit: 10 }, ""],
      ["gsm/2/sim", "simLocked", {}, ""],
      ["gsm/3/sim", "simAbsent", {}, ""],
      ["gsm/4/modem", "modemDown", {}, "module gsm4 failed to start: no answer"],
      ["gsm/6/reg", "denied", {}, ""],
      ["trunk/provider", "trunkFailed", {}, "403 Forbidden"],
    ]);
    expect(got[1].where).toEqual({ kind: "fxo", port: 2, name: "City" });
  });

  it("keeps words of the box it does not know", () => {
    const got = alarmsOf(snapshot({ gsm: [{ ...module, alarms: ["something new"] }] }));
    expect(got.map((a) => [a.key, a.detail])).toEqual([["other", "something new"]]);
  });
});

describe.each(languages)("alarm texts in %s", (lang) => {
  it("words every alarm with its limit", () => {
    const i18n = createI18n(lang);
    for (const key of ["failed", "lineDown", "modemDown", "simAbsent", "simLocked", "denied", "trunkFailed"]) {
      expect(i18n.exists(`alarm.${key}`), key).toBe(true);
    }
    for (const key of ["minutesPerDay", "minutesPerMonth", "smsPerDay"]) {
      expect(i18n.t(`alarm.${key}`, { limit: "1 440" }), key).toContain("(1 440)");
    }
  });
});
