// The box's live telephony (GET /api/telephony and the websocket's
// "telephony" event, webui/telephony.go) and the dashboard's view of it.

// FXSPortStatus is an analog port where a phone or fax machine plugs in.
export interface FXSPortStatus {
  port: number;
  extension: string;
  mode: string;
  state: string; // idle, off-hook, dialling, ringing, in call
  off_hook: boolean;
  message_waiting: boolean;
}

// FXOLineStatus is a PSTN line on an FXO port; volts is the tip-ring
// voltage (V).
export interface FXOLineStatus {
  port: number;
  name: string;
  number: string;
  enabled: boolean;
  state: string;
  volts: number;
  down: boolean;
  in_use: boolean;
  ringing: boolean;
  remote?: string;
}

// GSMModuleStatus is a GSM module and its SIM; signal_dbm is the received
// signal (dBm), null when unknown.
export interface GSMModuleStatus {
  slot: number;
  module: string;
  name: string;
  enabled: boolean;
  operator: string;
  signal_dbm: number | null;
  bars: number;
  registration: string;
  registered: boolean;
  sim: string;
  modem_down: boolean;
  in_call: boolean;
  call_state?: string;
  up: boolean;
  minutes_today: number;
  minutes_month: number;
  sms_today: number;
  minutes_per_day: number;
  minutes_per_month: number;
  sms_per_day: number;
  alarms: string[];
}

export interface TrunkStatus {
  name: string;
  state: string;
  up: boolean;
  since?: string;
  error?: string;
}

export interface RegistrationStatus {
  extension: string;
  device: string;
  contact: string;
  transport: string;
  user_agent?: string;
  expires: string;
  reachable: boolean;
}

export interface CallStatus {
  id: string;
  caller: string;
  caller_name?: string;
  called: string;
  channel: string;
  peer: string;
  started: string;
  answered?: string;
  duration_s: number;
  // path is the call's path so far, its latest steps after path_earlier
  // others, the element it is in now last (running).
  path?: CallStep[];
  path_earlier?: number;
}

// CallStep is a step of an active call's path: a scenario element with
// its kind and label, or a step of the box ("ring fxs/1").
export interface CallStep {
  step: string;
  type?: string;
  label?: string;
  outcome?: string;
  running?: boolean;
}

// TelephonyStatus is one snapshot of the live state.
export interface TelephonyStatus {
  type?: string;
  at: string;
  fxs: FXSPortStatus[];
  fxo: FXOLineStatus[];
  gsm: GSMModuleStatus[];
  trunks: TrunkStatus[];
  registrations: RegistrationStatus[];
  calls: CallStatus[];
}

// Tone is how a status is drawn: ok (green), busy (in use), warn (ringing
// or attention), bad (down) or idle (grey).
export type Tone = "ok" | "busy" | "warn" | "bad" | "idle";

// PortView is an FXS port as the dashboard shows it; state is the key of
// its text (idle, offHook, dialling, ringing, inCall, failed: its chip did
// not start).
export interface PortView {
  port: number;
  extension: string;
  fax: boolean;
  state: string;
  tone: Tone;
  messageWaiting: boolean;
}

// LineView is an FXO line as the dashboard shows it; state is idle, inUse,
// ringing, down or disabled.
export interface LineView {
  port: number;
  name: string;
  number: string;
  volts: number;
  state: string;
  tone: Tone;
  remote: string;
}

// ModuleView is a GSM module as the dashboard shows it; registration is the
// key of its text and sim the SIM's state (ready, absent, pin, other).
export interface ModuleView {
  slot: number;
  name: string;
  operator: string;
  signalDBm: number | null;
  bars: number;
  registration: string;
  sim: string;
  simRaw: string;
  state: string; // up, inCall, modemDown, disabled, down
  tone: Tone;
  // usage is what the module used against its limits (0: none).
  usage: { minutesToday: number; minutesPerDay: number; minutesMonth: number; minutesPerMonth: number; smsToday: number; smsPerDay: number };
}

// CallView is an active call; started is the moment it began, from which
// the page counts its duration on.
export interface CallView {
  id: string;
  from: string;
  to: string;
  channels: string[];
  started: number; // ms since the epoch
  answered: boolean;
  path: CallStep[];
  pathEarlier: number; // steps before path
}

// TelephonyView is what the dashboard draws.
export interface TelephonyView {
  ports: PortView[];
  lines: LineView[];
  modules: ModuleView[];
  trunks: { name: string; state: string; up: boolean; error: string }[];
  registrations: { extension: string; device: string; contact: string; reachable: boolean }[];
  calls: CallView[];
}

const portStates: Record<string, [string, Tone]> = {
  idle: ["idle", "idle"],
  "off-hook": ["offHook", "busy"],
  dialling: ["dialling", "busy"],
  ringing: ["ringing", "warn"],
  "in call": ["inCall", "ok"],
  failed: ["failed", "bad"],
};

// portView turns an FXS port's status into what the dashboard shows; a
// state the page does not know is shown as off-hook or idle by the hook.
export function portView(p: FXSPortStatus): PortView {
  const [state, tone] = portStates[p.state] ?? (p.off_hook ? portStates["off-hook"] : portStates.idle);
  return { port: p.port, extension: p.extension, fax: p.mode === "fax", state, tone, messageWaiting: p.message_waiting };
}

// lineView turns an FXO line's status into what the dashboard shows: a
// disabled line, then a line without voltage, then one ringing or in use.
export function lineView(l: FXOLineStatus): LineView {
  let state: string;
  let tone: Tone;
  if (!l.enabled) [state, tone] = ["disabled", "idle"];
  else if (l.down) [state, tone] = ["down", "bad"];
  else if (l.ringing) [state, tone] = ["ringing", "warn"];
  else if (l.in_use) [state, tone] = ["inUse", "busy"];
  else [state, tone] = ["idle", "ok"];
  return { port: l.port, name: l.name, number: l.number, volts: Math.round(l.volts) || 0, state, tone, remote: l.remote ?? "" };
}

// linesByPort returns the live view of each FXO line of a snapshot, by
// port; empty without a snapshot.
export function linesByPort(t: TelephonyStatus | null): Map<number, LineView> {
  return new Map((t?.fxo ?? []).map((l) => [l.port, lineView(l)]));
}

// signalBars returns 0 to 5 bars for a received signal (dBm): none when
// unknown or at -113 dBm and below (27.007 +CSQ 0), five at -65 dBm and
// above, one bar per 10 dB between.
export function signalBars(dbm: number | null | undefined): number {
  if (dbm === null || dbm === undefined || !Number.isFinite(dbm) || dbm <= -113) return 0;
  if (dbm >= -65) return 5;
  if (dbm >= -75) return 4;
  if (dbm >= -85) return 3;
  if (dbm >= -95) return 2;
  return 1;
}

const registrations: Record<string, string> = {
  "registered, home": "home",
  "registered, roaming": "roaming",
  searching: "searching",
  "registration denied": "denied",
  "not registered": "notRegistered",
};

// registrationKey returns the text key of a module's registration as the
// driver words it (drivers/gsm RegStat: "registered, home", "registered,
// roaming", "searching", "registration denied", "not registered"); another
// word is "unknown".
export function registrationKey(r: string): string {
  return registrations[r.toLowerCase()] ?? "unknown";
}

// simKey returns the text key of a SIM's state as the modem reports it
// (27.007 +CPIN): READY, SIM PIN/PUK (locked), NOT INSERTED (absent).
export function simKey(sim: string): string {
  const s = sim.toUpperCase();
  if (s === "") return "unknown";
  if (s === "READY") return "ready";
  if (s.includes("NOT INSERTED") || s.includes("ABSENT")) return "absent";
  if (s.includes("PIN") || s.includes("PUK")) return "locked";
  return "other";
}

// moduleView turns a GSM module's status into what the dashboard shows.
export function moduleView(m: GSMModuleStatus): ModuleView {
  let state: string;
  let tone: Tone;
  if (!m.enabled) [state, tone] = ["disabled", "idle"];
  else if (m.modem_down) [state, tone] = ["modemDown", "bad"];
  else if (m.in_call) [state, tone] = ["inCall", "busy"];
  else if (m.up) [state, tone] = ["up", "ok"];
  else [state, tone] = ["down", "bad"];
  const bars = m.signal_dbm === null ? Math.max(0, Math.min(5, m.bars)) : signalBars(m.signal_dbm);
  return {
    slot: m.slot,
    name: m.name,
    operator: m.operator,
    signalDBm: m.signal_dbm,
    bars,
    registration: registrationKey(m.registration),
    // The modem reports +CPIN only on a change: a registered module
    // without a report has a working SIM.
    sim: m.sim === "" && m.registered ? "ready" : simKey(m.sim),
    simRaw: m.sim,
    state,
    tone,
    usage: {
      minutesToday: m.minutes_today ?? 0,
      minutesPerDay: m.minutes_per_day ?? 0,
      minutesMonth: m.minutes_month ?? 0,
      minutesPerMonth: m.minutes_per_month ?? 0,
      smsToday: m.sms_today ?? 0,
      smsPerDay: m.sms_per_day ?? 0,
    },
  };
}

// callView turns a call's status into what the dashboard shows. The
// duration counts from when it was answered, else from when it started.
export function callView(c: CallStatus): CallView {
  const from = c.caller_name ? `${c.caller} ${c.caller_name}` : c.caller;
  const at = Date.parse(c.answered || c.started);
  return {
    id: c.id,
    from,
    to: c.called,
    channels: [c.channel, c.peer].filter((ch) => ch !== ""),
    started: Number.isNaN(at) ? Date.now() - c.duration_s * 1000 : at,
    answered: Boolean(c.answered),
    path: c.path ?? [],
    pathEarlier: c.path_earlier ?? 0,
  };
}

// telephonyView turns a snapshot into the dashboard's view, in port and
// slot order.
export function telephonyView(t: TelephonyStatus): TelephonyView {
  const byPort = <T extends { port: number }>(a: T, b: T) => a.port - b.port;
  const modules = [...(t.gsm ?? [])].sort((a, b) => a.slot - b.slot).map(moduleView);
  return {
    ports: [...(t.fxs ?? [])].sort(byPort).map(portView),
    lines: [...(t.fxo ?? [])].sort(byPort).map(lineView),
    modules,
    trunks: (t.trunks ?? []).map((tr) => ({ name: tr.name, state: tr.state, up: tr.up, error: tr.error ?? "" })),
    registrations: (t.registrations ?? []).map((r) => ({
      extension: r.extension,
      device: r.device,
      contact: r.contact,
      reachable: r.reachable,
    })),
    calls: (t.calls ?? []).map(callView),
  };
}

// trunkState returns the text key and tone of a trunk's registration
// (webui/telephony.go TrunkStatus.State): up when registered or static,
// registering while it tries, off when disabled, down otherwise.
export function trunkState(tr: { state: string; up: boolean }): [string, Tone] {
  if (tr.state === "disabled") return ["disabled", "idle"];
  if (tr.up) return ["up", "ok"];
  if (tr.state === "registering") return ["registering", "warn"];
  return ["down", "bad"];
}

// isTelephony reports whether a websocket message is a telephony event.
export function isTelephony(msg: unknown): msg is TelephonyStatus {
  if (typeof msg !== "object" || msg === null) return false;
  const m = msg as Record<string, unknown>;
  return m.type === "telephony" && Array.isArray(m.fxs) && Array.isArray(m.calls);
}
