// The voicemail page's live mailboxes: which events are voicemail ones,
// and when the shown mailbox's messages are read again.
import { describe, expect, it } from "vitest";

import type { VoicemailBox } from "../../src/system/types";
import { boxChanged, isVoicemailEvent } from "../../src/voicemail/live";

const box = (number: string, fresh: number, saved: number): VoicemailBox => ({ number, owner: "", mailbox_id: null, new: fresh, saved });

describe("isVoicemailEvent", () => {
  it("tells a voicemail event from others", () => {
    expect(isVoicemailEvent({ type: "voicemail", boxes: [box("101", 1, 0)] })).toBe(true);
    expect(isVoicemailEvent({ type: "voicemail" })).toBe(false);
    expect(isVoicemailEvent({ type: "revision", revision: 3 })).toBe(false);
    expect(isVoicemailEvent(null)).toBe(false);
  });
});

describe("boxChanged", () => {
  const shown = [box("101", 1, 2), box("102", 0, 0)];
  it("sees the shown mailbox's counts move", () => {
    expect(boxChanged(shown, [box("101", 2, 2), box("102", 0, 0)], "101")).toBe(true);
    expect(boxChanged(shown, [box("101", 0, 3), box("102", 0, 0)], "101")).toBe(true);
  });
  it("ignores other mailboxes and unchanged counts", () => {
    expect(boxChanged(shown, [box("101", 1, 2), box("102", 5, 0)], "101")).toBe(false);
    expect(boxChanged(shown, shown, "102")).toBe(false);
    expect(boxChanged(shown, shown, null)).toBe(false);
  });
  it("sees the shown mailbox come or go", () => {
    expect(boxChanged(shown, [box("102", 0, 0)], "101")).toBe(true);
    expect(boxChanged(null, shown, "101")).toBe(true);
  });
});
