// The voicemail page follows the websocket's "voicemail" events: each is
// every mailbox with its counts of new and heard messages, sent when a
// message comes, is heard or goes, so the page shows a new message without
// a reload.
import type { VoicemailBox } from "../system/types";

// isVoicemailEvent tells a "voicemail" event of the feed.
export function isVoicemailEvent(ev: unknown): ev is { type: "voicemail"; boxes: VoicemailBox[] } {
  if (typeof ev !== "object" || ev === null) return false;
  const e = ev as Record<string, unknown>;
  return e.type === "voicemail" && Array.isArray(e.boxes);
}

// boxChanged reports whether mailbox number's messages differ between the
// boxes shown and the event's: its counts moved, or it came or went.
export function boxChanged(shown: VoicemailBox[] | null, next: VoicemailBox[], number: string | null): boolean {
  if (number === null) return false;
  const a = shown?.find((b) => b.number === number);
  const b = next.find((x) => x.number === number);
  if (!a || !b) return a !== b;
  return a.new !== b.new || a.saved !== b.saved;
}
