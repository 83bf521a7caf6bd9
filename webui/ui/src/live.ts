// The dashboard's live feed: GET /api/status once, then the websocket
// /api/ws, which pushes a "status" event every few seconds, a "revision"
// event whenever the configuration changes, and a "telephony" event
// (GET /api/telephony's shape) whenever a port, line, trunk or call changes.
import { useEffect, useState } from "react";

import { ApiError, type Client } from "./api";
import { isTelephony, type TelephonyStatus } from "./telephony";
import type { Status } from "./types";

export type LiveState = "connecting" | "live" | "offline";

// Live is what the dashboard shows: the last status and telephony
// snapshot, whether the feed is open, and when the last event came.
export interface Live {
  status: Status | null;
  telephony: TelephonyStatus | null;
  state: LiveState;
  updatedAt: Date | null;
  error: ApiError | null;
}

// Reconnection back-off: 0.5 s doubling to at most 32 s.
const baseDelayMs = 500;
const maxDelayMs = 32_000;

// policyViolation is the close code with which the box ends the feed of a
// session that ended.
const policyViolation = 1008;

// useLiveStatus keeps the feed open while the component is mounted and
// reconnects after a drop. onSessionEnded runs when the box says the
// session is over.
export function useLiveStatus(client: Client, onSessionEnded: () => void): Live {
  const [live, setLive] = useState<Live>({ status: null, telephony: null, state: "connecting", updatedAt: null, error: null });

  useEffect(() => {
    let stopped = false;
    let ws: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let retry = 0;

    const update = (status: Status) => setLive((l) => ({ ...l, status, updatedAt: new Date(), error: null }));

    client.get<Status>("/api/status").then(
      (st) => !stopped && update(st),
      (e: unknown) => !stopped && e instanceof ApiError && setLive((l) => ({ ...l, error: e })),
    );

    // The feed sends a telephony event at once; this covers the moment
    // before it opens. A box without telephony answers 503 and the
    // dashboard shows no ports.
    client.get<TelephonyStatus>("/api/telephony").then(
      (tel) => !stopped && setLive((l) => (l.telephony ? l : { ...l, telephony: tel })),
      () => undefined,
    );

    const connect = () => {
      const proto = window.location.protocol === "https:" ? "wss:" : "ws:";
      ws = new WebSocket(`${proto}//${window.location.host}/api/ws`);
      ws.onopen = () => {
        retry = 0;
        setLive((l) => ({ ...l, state: "live" }));
      };
      ws.onmessage = (ev: MessageEvent<string>) => {
        let msg: { type?: string; revision?: number };
        try {
          msg = JSON.parse(ev.data);
        } catch {
          return;
        }
        if (msg.type === "status") update(msg as Status);
        else if (isTelephony(msg)) {
          const tel = msg;
          setLive((l) => ({ ...l, telephony: tel, updatedAt: new Date() }));
        }
        else if (msg.type === "revision" && typeof msg.revision === "number") {
          const rev = msg.revision;
          setLive((l) => ({ ...l, status: l.status && { ...l.status, revision: rev }, updatedAt: new Date() }));
        }
      };
      ws.onclose = async (ev: CloseEvent) => {
        ws = null;
        if (stopped) return;
        setLive((l) => ({ ...l, state: "offline" }));
        if (ev.code === policyViolation) {
          onSessionEnded();
          return;
        }
        try {
          await client.get("/api/session");
        } catch (e) {
          if (e instanceof ApiError && e.status === 401) {
            onSessionEnded();
            return;
          }
        }
        if (stopped) return;
        retry = Math.min(retry + 1, 6);
        timer = setTimeout(connect, Math.min(baseDelayMs * 2 ** retry, maxDelayMs));
      };
    };
    connect();

    return () => {
      stopped = true;
      clearTimeout(timer);
      ws?.close();
    };
  }, [client, onSessionEnded]);

  return live;
}
