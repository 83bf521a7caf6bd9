// The simulated world of the lab (pbx/lab State): phones on the FXS ports,
// the exchange behind each FXO line, the network of each GSM module. Only
// the simulated board has it: GET /api/lab answers 404 elsewhere.
import { useCallback, useEffect, useState } from "react";

import { ApiError, type Client } from "../api";

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

// pollMs is how often the lab page asks for the world's state.
export const pollMs = 500;

// signalDBm converts a +CSQ rssi (0-31) to dBm (27.007: 0 is -113 dBm or
// less, 31 is -51 dBm or more, 2 dB a step); null for 99, unknown.
export function signalDBm(rssi: number): number | null {
  if (rssi < 0 || rssi > 31) return null;
  return -113 + 2 * rssi;
}

// Lab is the world as last read, the last error, and act, which posts an
// action ("phones/fxs1/offhook") and takes the slot's new state at once.
export interface Lab {
  state: LabState | null;
  error: unknown;
  act: (path: string, body?: unknown) => Promise<boolean>;
}

// useLab reads the world every pollMs while the component is mounted, one
// request at a time. A 401 ends the session.
export function useLab(client: Client, onSessionEnded: () => void): Lab {
  const [state, setState] = useState<LabState | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const s = await client.get<LabState>("/api/lab");
        if (stopped) return;
        setState(s);
        setError(null);
      } catch (e) {
        if (stopped) return;
        if (e instanceof ApiError && e.status === 401) {
          onSessionEnded();
          return;
        }
        setError(e);
      }
      if (!stopped) timer = setTimeout(poll, pollMs);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [client, onSessionEnded, tick]);

  const act = useCallback(
    async (path: string, body?: unknown) => {
      try {
        await client.post(`/api/lab/${path}`, body ?? {});
        setError(null);
        setTick((n) => n + 1); // read the world now rather than at the next poll
        return true;
      } catch (e) {
        setError(e);
        return false;
      }
    },
    [client],
  );
  return { state, error, act };
}
