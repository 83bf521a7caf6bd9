// The dashboard's live feed: GET /api/status once, then the websocket
// /api/ws (feed.ts) with the status and telephony topics, which pushes a
// "status" event every few seconds, a "revision" event whenever the
// configuration changes, and a "telephony" event (GET /api/telephony's
// shape) whenever a port, line, trunk or call changes.
import { useEffect, useState } from "react";

import { ApiError, type Client } from "./api";
import { useFeed, type FeedEvent, type LiveState } from "./feed";
import { isTelephony, type TelephonyStatus } from "./telephony";
import type { Status } from "./types";

export type { LiveState } from "./feed";

// Live is what the dashboard shows: the last status and telephony
// snapshot, whether the feed is open, and when the last event came.
export interface Live {
  status: Status | null;
  telephony: TelephonyStatus | null;
  state: LiveState;
  updatedAt: Date | null;
  error: ApiError | null;
}

const topics = ["status", "telephony"] as const;

// useLiveStatus keeps the feed open while the component is mounted and
// reconnects after a drop. onSessionEnded runs when the box says the
// session is over.
export function useLiveStatus(client: Client, onSessionEnded: () => void): Live {
  const [live, setLive] = useState<Omit<Live, "state">>({ status: null, telephony: null, updatedAt: null, error: null });

  useEffect(() => {
    let stopped = false;
    client.get<Status>("/api/status").then(
      (st) => !stopped && setLive((l) => ({ ...l, status: st, updatedAt: new Date(), error: null })),
      (e: unknown) => !stopped && e instanceof ApiError && setLive((l) => ({ ...l, error: e })),
    );
    // The feed sends a telephony event at once; this covers the moment
    // before it opens. A box without telephony answers 503 and the
    // dashboard shows no ports.
    client.get<TelephonyStatus>("/api/telephony").then(
      (tel) => !stopped && setLive((l) => (l.telephony ? l : { ...l, telephony: tel })),
      () => undefined,
    );
    return () => {
      stopped = true;
    };
  }, [client]);

  const onEvent = (msg: FeedEvent) => {
    if (msg.type === "status") {
      const status = msg as unknown as Status;
      setLive((l) => ({ ...l, status, updatedAt: new Date(), error: null }));
    } else if (isTelephony(msg)) {
      const tel = msg;
      setLive((l) => ({ ...l, telephony: tel, updatedAt: new Date() }));
    } else if (msg.type === "revision" && typeof msg.revision === "number") {
      const rev = msg.revision;
      setLive((l) => ({ ...l, status: l.status && { ...l.status, revision: rev }, updatedAt: new Date() }));
    }
  };
  const state = useFeed(client, topics, { onEvent }, onSessionEnded);
  return { ...live, state };
}

const telephonyTopics = ["telephony"] as const;

// useLiveTelephony is the telephony part of the dashboard's feed, for a
// page that shows its ports' live state: GET /api/telephony once, then
// each telephony event; null until the first comes or on a box without
// telephony.
export function useLiveTelephony(client: Client, onSessionEnded: () => void): { telephony: TelephonyStatus | null; state: LiveState } {
  const [telephony, setTelephony] = useState<TelephonyStatus | null>(null);
  useEffect(() => {
    let stopped = false;
    client.get<TelephonyStatus>("/api/telephony").then(
      (tel) => !stopped && setTelephony((t) => t ?? tel),
      () => undefined,
    );
    return () => {
      stopped = true;
    };
  }, [client]);
  const state = useFeed(client, telephonyTopics, {
    onEvent: (msg: FeedEvent) => {
      if (isTelephony(msg)) setTelephony(msg);
    },
  }, onSessionEnded);
  return { telephony, state };
}
