// alarmsOf gathers from a telephony snapshot what needs the admin's
// attention, as text keys (alarm.*) with their values, so that every
// alarm reads in the page's language: a port or module whose chip did not
// start, a PSTN line without voltage, a GSM modem not answering, a SIM
// missing or locked, a network refusing the SIM, a SIP trunk that failed
// to register, and the GSM limits reached.
import { simKey, type TelephonyStatus } from "../telephony";

// Where names the part an alarm is about; the page words it as the
// dashboard's cards do (live.fxsPort, live.fxoLine, live.gsmModule).
export type Where =
  | { kind: "fxs"; port: number }
  | { kind: "fxo"; port: number; name: string }
  | { kind: "gsm"; slot: number; name: string }
  | { kind: "trunk"; name: string };

// Alarm is one thing to look at: key is the text under alarm.*, values
// its placeholders; detail is the box's own words (an error) when any.
export interface Alarm {
  id: string;
  where: Where;
  key: string;
  values: Record<string, number>;
  detail: string;
}

// limitTexts read the GSM channel's limit alarms (pbx/chan/gsm/limits.go:
// "minutes per day limit reached (60)"), which the box words in English.
const limitTexts: [RegExp, string][] = [
  [/^minutes per day limit reached \((\d+)\)$/i, "minutesPerDay"],
  [/^minutes per month limit reached \((\d+)\)$/i, "minutesPerMonth"],
  [/^sms per day limit reached \((\d+)\)$/i, "smsPerDay"],
];

// limitAlarm returns the text key and limit of a GSM limit alarm, or null
// for other words, which the page shows as the box sent them.
export function limitAlarm(text: string): { key: string; limit: number } | null {
  for (const [re, key] of limitTexts) {
    const m = re.exec(text.trim());
    if (m) return { key, limit: Number(m[1]) };
  }
  return null;
}

export function alarmsOf(t: TelephonyStatus): Alarm[] {
  const out: Alarm[] = [];
  const add = (id: string, where: Where, key: string, values: Record<string, number> = {}, detail = "") =>
    out.push({ id, where, key, values, detail });

  for (const p of [...(t.fxs ?? [])].sort((a, b) => a.port - b.port)) {
    if (p.state === "failed") add(`fxs/${p.port}`, { kind: "fxs", port: p.port }, "failed");
  }
  for (const l of [...(t.fxo ?? [])].sort((a, b) => a.port - b.port)) {
    const where: Where = { kind: "fxo", port: l.port, name: l.name };
    if (l.state === "failed") add(`fxo/${l.port}`, where, "failed");
    else if (l.enabled && l.down) add(`fxo/${l.port}`, where, "lineDown");
  }
  for (const m of [...(t.gsm ?? [])].sort((a, b) => a.slot - b.slot)) {
    const where: Where = { kind: "gsm", slot: m.slot, name: m.name };
    const id = `gsm/${m.slot}`;
    const limits = (m.alarms ?? []).map((text) => ({ text, limit: limitAlarm(text) }));
    const others = limits.filter((l) => l.limit === null).map((l) => l.text);
    // A module switched off raises nothing, unless it did not start:
    // then its alarms say why.
    if (!m.enabled && others.length === 0) continue;
    for (const { limit: l } of limits) if (l) add(`${id}/${l.key}`, where, l.key, { limit: l.limit });
    if (m.modem_down) {
      add(`${id}/modem`, where, "modemDown", {}, others.join("; "));
      continue;
    }
    for (const text of others) add(`${id}/${text}`, where, "other", {}, text);
    const sim = m.sim === "" && m.registered ? "ready" : simKey(m.sim);
    if (sim === "absent") add(`${id}/sim`, where, "simAbsent");
    else if (sim === "locked") add(`${id}/sim`, where, "simLocked");
    else if (m.registration.toLowerCase() === "registration denied") add(`${id}/reg`, where, "denied");
  }
  for (const tr of t.trunks ?? []) {
    if (tr.state === "failed") add(`trunk/${tr.name}`, { kind: "trunk", name: tr.name }, "trunkFailed", {}, tr.error ?? "");
  }
  return out;
}
