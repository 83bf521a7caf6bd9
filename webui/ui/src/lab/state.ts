// The simulated world of the lab (pbx/lab State): phones on the FXS ports,
// the exchange behind each FXO line, the network of each GSM module. Only
// the simulated board has it: GET /api/lab answers 404 elsewhere. The lab
// page follows it over the websocket's lab topic.
import { useCallback, useMemo, useState } from "react";

import type { Client } from "../api";
import { useFeed, type FeedEvent, type LiveState } from "../feed";
import { inTurn } from "./inTurn";

// Hearing is what an ear hears: dial, busy, ringback, congestion,
// call_waiting, silence or other; the level in dBm0 and a clean tone's
// frequency in Hz (null in silence); DTMF digits heard.
export interface Hearing {
  hears: string;
  level_dbm0: number | null;
  tone_hz: number | null;
  digits: string;
}

export interface CallerID {
  number: string;
  name: string;
  format: string;
  withheld?: string;
}

export interface PhoneState extends Hearing {
  slot: string;
  country: string;
  off_hook: boolean;
  ringing: boolean;
  bell: boolean;
  rings: number;
  reversed: boolean;
  caller_id: CallerID | null;
  dialling: boolean;
}

export interface LineState extends Hearing {
  slot: string;
  country: string;
  state: string;
  present: boolean;
  seized: boolean;
  ringing: boolean;
  reversed: boolean;
  caller_id: CallerID | null;
  dialled: string;
}

export interface GSMCall {
  id: number;
  direction: string;
  state: string;
  number: string;
}

export interface GSMState extends Hearing {
  slot: string;
  imei: string;
  signal: number; // +CSQ rssi 0-31, 99 unknown
  registration: number;
  registered: boolean;
  powered: boolean;
  hung: boolean;
  calls: GSMCall[] | null;
  dialled: string[] | null;
  dtmf_sent: string;
  sms_sent: { to: string; text: string }[] | null;
}

export interface LabState {
  phones: PhoneState[] | null;
  lines: LineState[] | null;
  gsm: GSMState[] | null;
}

// signalDBm converts a +CSQ rssi (0-31) to dBm (27.007: 0 is -113 dBm or
// less, 31 is -51 dBm or more, 2 dB a step); null for 99, unknown.
export function signalDBm(rssi: number): number | null {
  if (rssi < 0 || rssi > 31) return null;
  return -113 + 2 * rssi;
}

// isLabEvent tells a "lab" event of the feed.
export function isLabEvent(ev: unknown): ev is { type: "lab"; state: LabState } {
  if (typeof ev !== "object" || ev === null) return false;
  const e = ev as Record<string, unknown>;
  return e.type === "lab" && typeof e.state === "object" && e.state !== null;
}

// withSlot returns state with the one phone, line or SIM that an action
// answered put in place (path is the action's, "phones/fxs1/offhook"); the
// whole world when the answer is one (reset). Anything else leaves state.
export function withSlot(state: LabState | null, path: string, answer: unknown): LabState | null {
  if (typeof answer !== "object" || answer === null) return state;
  const a = answer as Record<string, unknown>;
  if (Array.isArray(a.phones) && Array.isArray(a.lines) && Array.isArray(a.gsm)) return answer as LabState;
  if (!state || typeof a.slot !== "string") return state;
  const kind = path.split("/")[0];
  const put = <T extends { slot: string }>(list: T[] | null): T[] | null =>
    list && list.map((x) => (x.slot === a.slot ? (answer as T) : x));
  switch (kind) {
    case "phones":
      return { ...state, phones: put(state.phones) };
    case "lines":
      return { ...state, lines: put(state.lines) };
    case "gsm":
      return { ...state, gsm: put(state.gsm) };
  }
  return state;
}

// Lab is the world as last pushed, the feed's state, the last error, and
// act, which posts an action ("phones/fxs1/offhook") and shows the slot's
// new state at once. Actions are posted in turn, in the order asked.
export interface Lab {
  state: LabState | null;
  live: LiveState;
  error: unknown;
  act: (path: string, body?: unknown) => Promise<boolean>;
}

const labTopics = ["lab"] as const;

// useLab follows the world over the websocket while the component is
// mounted: the box pushes it whenever it changes. The feed ends the
// session when the box says it is over.
export function useLab(client: Client, onSessionEnded: () => void): Lab {
  const [state, setState] = useState<LabState | null>(null);
  const [error, setError] = useState<unknown>(null);
  const live = useFeed(client, labTopics, {
    onEvent: (ev: FeedEvent) => {
      if (isLabEvent(ev)) setState(ev.state);
    },
  }, onSessionEnded);

  const turn = useMemo(inTurn, [client]);
  const act = useCallback(
    async (path: string, body?: unknown) => {
      try {
        const answer = await turn(() => client.post<unknown>(`/api/lab/${path}`, body ?? {}));
        setState((s) => withSlot(s, path, answer));
        setError(null);
        return true;
      } catch (e) {
        setError(e);
        return false;
      }
    },
    [client, turn],
  );
  return { state, live, error, act };
}
