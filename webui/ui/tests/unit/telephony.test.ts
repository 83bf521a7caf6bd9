// The telephony event as the dashboard reads it: ports, lines and modules
// into states and tones, signal bars, calls and alarms.
import { describe, expect, it } from "vitest";

import { formatClock } from "../../src/format";
import {
  callView,
  isTelephony,
  lineView,
  linesByPort,
  moduleView,
  portView,
  registrationKey,
  signalBars,
  simKey,
  telephonyView,
  trunkState,
  type FXOLineStatus,
  type GSMModuleStatus,
  type TelephonyStatus,
} from "../../src/telephony";

const module: GSMModuleStatus = {
  slot: 1, module: "gsm/1", name: "GSM 1", enabled: true, operator: "MTS", signal_dbm: -71, bars: 4,
  registration: "registered, home", registered: true, sim: "READY", modem_down: false, in_call: false, up: true,
  minutes_today: 0, minutes_month: 0, sms_today: 0, minutes_per_day: 0, minutes_per_month: 0, sms_per_day: 0, alarms: [],
};

// event is a telephony event as the websocket sends it (webui/telephony.go).
const event: TelephonyStatus & { type: string } = {
  type: "telephony",
  at: "2026-11-21T10:00:05Z",
  fxs: [
    { port: 2, extension: "102", mode: "voice", state: "ringing", off_hook: false, message_waiting: false },
    { port: 1, extension: "101", mode: "voice", state: "in call", off_hook: true, message_waiting: true },
  ],
  fxo: [{ port: 1, name: "City", number: "4951234567", enabled: true, state: "idle", volts: 48.4, down: false, in_use: false, ringing: false }],
  gsm: [{ ...module, sms_per_day: 10, sms_today: 10, alarms: ["SMS limit of 10 a day reached"] }],
  trunks: [{ name: "provider", state: "registered", up: true }],
  registrations: [{ extension: "103", device: "103", contact: "sip:103@10.0.0.5", transport: "udp", expires: "2026-11-21T11:00:00Z", reachable: true }],
  calls: [{ id: "c1", caller: "101", caller_name: "Alice", called: "102", channel: "fxs/1", peer: "fxs/2", started: "2026-11-21T10:00:00Z", answered: "2026-11-21T10:00:02Z", duration_s: 3,
    path: [{ step: "m", type: "menu", label: "Main", outcome: "1" }, { step: "sales", type: "group", running: true }], path_earlier: 1 }],
};

describe("telephonyView", () => {
  it("turns the event into the dashboard's view, ports in order", () => {
    expect(isTelephony(event)).toBe(true);
    const v = telephonyView(event);
    expect(v.ports.map((p) => [p.port, p.state, p.tone, p.messageWaiting])).toEqual([
      [1, "inCall", "ok", true],
      [2, "ringing", "warn", false],
    ]);
    expect(v.lines).toEqual([{ port: 1, name: "City", number: "4951234567", volts: 48, state: "idle", tone: "ok", remote: "" }]);
    expect(v.modules[0]).toMatchObject({ operator: "MTS", signalDBm: -71, bars: 4, registration: "home", sim: "ready", state: "up" });
    expect(v.modules[0].usage).toEqual({ minutesToday: 0, minutesPerDay: 0, minutesMonth: 0, minutesPerMonth: 0, smsToday: 10, smsPerDay: 10 });
    expect(v.trunks).toEqual([{ name: "provider", state: "registered", up: true, error: "" }]);
    expect(v.registrations).toEqual([{ extension: "103", device: "103", contact: "sip:103@10.0.0.5", reachable: true }]);
    expect(v.calls).toEqual([{ id: "c1", from: "101 Alice", to: "102", channels: ["fxs/1", "fxs/2"], started: Date.parse("2026-11-21T10:00:02Z"), answered: true,
      path: [{ step: "m", type: "menu", label: "Main", outcome: "1" }, { step: "sales", type: "group", running: true }], pathEarlier: 1 }]);
  });

  it("is not fooled by other events", () => {
    for (const m of [null, "telephony", { type: "status" }, { type: "telephony" }, { type: "revision", revision: 3 }]) {
      expect(isTelephony(m), JSON.stringify(m)).toBe(false);
    }
  });
});

describe("portView", () => {
  const tests: [string, boolean, string][] = [
    ["idle", false, "idle"],
    ["off-hook", true, "offHook"],
    ["dialling", true, "dialling"],
    ["ringing", false, "ringing"],
    ["in call", true, "inCall"],
    ["parked", true, "offHook"], // unknown: by the hook
    ["parked", false, "idle"],
  ];
  it.each(tests)("%s (off hook %s) -> %s", (state, offHook, want) => {
    expect(portView({ port: 1, extension: "", mode: "voice", state, off_hook: offHook, message_waiting: false }).state).toBe(want);
  });
});

describe("lineView", () => {
  const base = { port: 1, name: "", number: "", enabled: true, state: "idle", volts: 48, down: false, in_use: false, ringing: false };
  const tests: [string, Partial<typeof base>, string][] = [
    ["idle", {}, "idle"],
    ["in use", { in_use: true, volts: 7.6 }, "inUse"],
    ["ringing", { ringing: true }, "ringing"],
    ["no voltage", { down: true, volts: 0 }, "down"],
    ["disabled wins", { enabled: false, down: true }, "disabled"],
  ];
  it.each(tests)("%s", (_, change, want) => {
    expect(lineView({ ...base, ...change }).state).toBe(want);
  });
});

describe("moduleView", () => {
  const tests: [string, Partial<GSMModuleStatus>, string][] = [
    ["up", {}, "up"],
    ["in call", { in_call: true }, "inCall"],
    ["modem down", { modem_down: true, in_call: true }, "modemDown"],
    ["not registered", { up: false }, "down"],
    ["disabled", { enabled: false }, "disabled"],
  ];
  it.each(tests)("%s", (_, change, want) => {
    expect(moduleView({ ...module, ...change }).state).toBe(want);
  });
  it("counts a registered module without a +CPIN report as having its SIM ready", () => {
    expect(moduleView({ ...module, sim: "" }).sim).toBe("ready");
    expect(moduleView({ ...module, sim: "", registered: false }).sim).toBe("unknown");
  });
  it("takes the box's bars when the signal is unknown", () => {
    expect(moduleView({ ...module, signal_dbm: null, bars: 2 }).bars).toBe(2);
    expect(moduleView({ ...module, signal_dbm: null, bars: 9 }).bars).toBe(5);
  });
});

describe("signalBars", () => {
  const tests: [number | null, number][] = [
    [null, 0], [-120, 0], [-113, 0], [-112, 1], [-96, 1], [-95, 2], [-86, 2], [-85, 3], [-76, 3], [-75, 4], [-66, 4], [-65, 5], [-51, 5],
  ];
  it.each(tests)("%s dBm -> %i bars", (dbm, want) => {
    expect(signalBars(dbm)).toBe(want);
  });
});

describe("registrationKey and simKey", () => {
  it.each([
    ["registered, home", "home"],
    ["registered, roaming", "roaming"],
    ["searching", "searching"],
    ["registration denied", "denied"],
    ["not registered", "notRegistered"],
    ["", "unknown"],
    ["something new", "unknown"],
  ])("registration %s -> %s", (r, want) => expect(registrationKey(r)).toBe(want));
  it.each([
    ["READY", "ready"],
    ["SIM PIN", "locked"],
    ["SIM PUK", "locked"],
    ["NOT INSERTED", "absent"],
    ["", "unknown"],
    ["PH-NET", "other"],
  ])("SIM %s -> %s", (s, want) => expect(simKey(s)).toBe(want));
});

describe("callView", () => {
  it("counts from the start until the call is answered", () => {
    const c = callView({ id: "c2", caller: "+74951234567", called: "101", channel: "gsm/1", peer: "", started: "2026-11-21T10:00:00Z", duration_s: 0 });
    expect(c).toMatchObject({ from: "+74951234567", channels: ["gsm/1"], answered: false, started: Date.parse("2026-11-21T10:00:00Z"), path: [], pathEarlier: 0 });
  });
});

describe("formatClock", () => {
  const tests: [number, string, string][] = [
    [0, "en", "0:00"],
    [5.9, "en", "0:05"],
    [65, "en", "1:05"],
    [3599, "en", "59:59"],
    [3725, "en", "1:02:05"],
    [36000, "ru", "10:00:00"],
    [-3, "pl", "0:00"],
  ];
  it.each(tests)("%s s in %s -> %s", (s, lang, want) => {
    expect(formatClock(s, lang)).toBe(want);
  });
});

describe("trunkState", () => {
  const tests: [string, boolean, [string, string]][] = [
    ["registered", true, ["up", "ok"]],
    ["static", true, ["up", "ok"]],
    ["registering", false, ["registering", "warn"]],
    ["failed", false, ["down", "bad"]],
    ["disabled", false, ["disabled", "idle"]],
    ["something new", false, ["down", "bad"]],
  ];
  it.each(tests)("trunkState(%s, up %s)", (state, up, want) => {
    expect(trunkState({ state, up })).toEqual(want);
  });
});

describe("linesByPort", () => {
  const line = (port: number, over: Partial<FXOLineStatus>): FXOLineStatus =>
    ({ port, name: "", number: "", enabled: true, state: "", volts: 48.4, down: false, in_use: false, ringing: false, ...over });
  it("gives each FXO line's live view by port", () => {
    const t = { at: "", fxs: [], gsm: [], trunks: [], registrations: [], calls: [], fxo: [line(2, { ringing: true }), line(1, { down: true, volts: -0.2 })] };
    const m = linesByPort(t);
    expect(m.get(1)).toMatchObject({ state: "down", tone: "bad", volts: 0 });
    expect(m.get(2)).toMatchObject({ state: "ringing", tone: "warn", volts: 48 });
    expect(m.has(3)).toBe(false);
  });
  it("is empty without a snapshot", () => {
    expect(linesByPort(null).size).toBe(0);
  });
});
