// The GSM page's inbox and outbox follow the websocket's "sms" events: a
// message received, queued or whose send status changed comes as it is now
// and takes its place in the list it belongs to.
import type { SMS } from "./types";

// maxShown bounds a list that grows with live messages.
export const maxShown = 200;

// isSMSEvent tells an "sms" event of the feed.
export function isSMSEvent(ev: unknown): ev is { type: "sms"; message: SMS } {
  if (typeof ev !== "object" || ev === null) return false;
  const e = ev as Record<string, unknown>;
  const m = e.message as Record<string, unknown> | undefined;
  return e.type === "sms" && typeof m === "object" && m !== null && typeof m.id === "number" && typeof m.direction === "string";
}

// mergeSMS returns list with m in it: replaced where a message with its
// id is, else added; newest (highest id) first, at most maxShown. A
// message of another direction or module leaves list as it is.
export function mergeSMS(list: SMS[], m: SMS, direction: SMS["direction"], module: string): SMS[] {
  if (m.direction !== direction || m.module !== module) return list;
  const i = list.findIndex((x) => x.id === m.id);
  if (i >= 0) {
    const out = list.slice();
    out[i] = m;
    return out;
  }
  return [m, ...list].sort((a, b) => b.id - a.id).slice(0, maxShown);
}
