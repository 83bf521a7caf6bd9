// The websocket feed /api/ws (webui/feed.go): a page opens it with the
// topics it wants (status, telephony, sms, log, lab, voicemail), gets each event as it
// comes and the feed's state, and the feed reconnects after a drop with a
// growing back-off. Revision events come on every feed.
import { useEffect, useRef, useState } from "react";

import { ApiError, type Client } from "./api";

export type LiveState = "connecting" | "live" | "offline";

export type FeedTopic = "status" | "telephony" | "sms" | "log" | "lab" | "voicemail";

// FeedEvent is an event as it arrives: its type and its fields.
export type FeedEvent = { type?: string } & Record<string, unknown>;

// Reconnection back-off: 0.5 s doubling to at most 32 s.
const baseDelayMs = 500;
const maxDelayMs = 32_000;

// policyViolation is the close code with which the box ends the feed of a
// session that ended.
const policyViolation = 1008;

// feedURL is the feed's address on the page's host: ws: or wss: as the
// page, with its topics and any further parameters.
export function feedURL(loc: { protocol: string; host: string }, topics: readonly FeedTopic[], params: Record<string, string | number> = {}): string {
  const proto = loc.protocol === "https:" ? "wss:" : "ws:";
  const q = new URLSearchParams({ topics: topics.join(","), ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) });
  return `${proto}//${loc.host}/api/ws?${q.toString()}`;
}

// retryDelay is how long to wait before the retry-th reconnection (ms).
export function retryDelay(retry: number): number {
  return Math.min(baseDelayMs * 2 ** retry, maxDelayMs);
}

export interface FeedHandlers {
  // onEvent gets every event.
  onEvent: (ev: FeedEvent) => void;
  // onOpen runs each time the feed opens; reconnected is true after a
  // drop, when events may have been missed.
  onOpen?: (reconnected: boolean) => void;
}

// useFeed keeps the feed open while the component is mounted and returns
// its state. onSessionEnded runs when the box says the session is over.
// The handlers may change on every render; the feed stays open.
export function useFeed(
  client: Client,
  topics: readonly FeedTopic[],
  handlers: FeedHandlers,
  onSessionEnded: () => void,
  params: Record<string, string | number> = {},
): LiveState {
  const [state, setState] = useState<LiveState>("connecting");
  const latest = useRef(handlers);
  latest.current = handlers;
  const url = feedURL(window.location, topics, params);

  useEffect(() => {
    let stopped = false;
    let ws: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let retry = 0;
    let opened = false;

    const connect = () => {
      ws = new WebSocket(url);
      ws.onopen = () => {
        retry = 0;
        setState("live");
        latest.current.onOpen?.(opened);
        opened = true;
      };
      ws.onmessage = (ev: MessageEvent<string>) => {
        let msg: FeedEvent;
        try {
          msg = JSON.parse(ev.data);
        } catch {
          return;
        }
        latest.current.onEvent(msg);
      };
      ws.onclose = async (ev: CloseEvent) => {
        ws = null;
        if (stopped) return;
        setState("offline");
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
        timer = setTimeout(connect, retryDelay(retry));
      };
    };
    connect();

    return () => {
      stopped = true;
      clearTimeout(timer);
      ws?.close();
    };
  }, [client, url, onSessionEnded]);

  return state;
}
