// The GSM page's live inbox and outbox: each "sms" event of the feed takes
// its place in the list it belongs to.
import { describe, expect, it } from "vitest";

import { isSMSEvent, maxShown, mergeSMS } from "../../src/ports/smsLive";
import type { SMS } from "../../src/ports/types";

const msg = (id: number, over: Partial<SMS> = {}): SMS => ({
  id, direction: "out", module: "gsm/1", peer: "+79161234567", text: `message ${id}`, parts: 1,
  status: "queued", attempts: 0, last_error: "", created_at: "2026-11-21T09:00:00Z", ...over,
});

describe("mergeSMS", () => {
  it("adds a new message at the top, newest first", () => {
    const list = mergeSMS([msg(3), msg(1)], msg(4), "out", "gsm/1");
    expect(list.map((m) => m.id)).toEqual([4, 3, 1]);
    expect(mergeSMS([msg(5), msg(1)], msg(3), "out", "gsm/1").map((m) => m.id)).toEqual([5, 3, 1]);
  });

  it("replaces a message whose status changed, in its place", () => {
    const list = mergeSMS([msg(3), msg(2, { status: "sending" }), msg(1)], msg(2, { status: "delivered" }), "out", "gsm/1");
    expect(list.map((m) => [m.id, m.status])).toEqual([[3, "queued"], [2, "delivered"], [1, "queued"]]);
  });

  it("leaves the list alone for another direction or module", () => {
    const list = [msg(1)];
    expect(mergeSMS(list, msg(2, { direction: "in", status: "received" }), "out", "gsm/1")).toBe(list);
    expect(mergeSMS(list, msg(2, { module: "gsm/2" }), "out", "gsm/1")).toBe(list);
    expect(mergeSMS([], msg(2, { direction: "in" }), "in", "gsm/1").map((m) => m.id)).toEqual([2]);
  });

  it("keeps at most maxShown", () => {
    const full = Array.from({ length: maxShown }, (_, i) => msg(maxShown - i));
    const list = mergeSMS(full, msg(maxShown + 1), "out", "gsm/1");
    expect(list).toHaveLength(maxShown);
    expect(list[0].id).toBe(maxShown + 1);
    expect(list.at(-1)!.id).toBe(2);
  });
});

describe("isSMSEvent", () => {
  it("tells an sms event from others", () => {
    expect(isSMSEvent({ type: "sms", message: msg(1) })).toBe(true);
    expect(isSMSEvent({ type: "sms" })).toBe(false);
    expect(isSMSEvent({ type: "sms", message: { id: "1" } })).toBe(false);
    expect(isSMSEvent({ type: "log", lines: [] })).toBe(false);
    expect(isSMSEvent(null)).toBe(false);
  });
});
