// The websocket feed's address and its reconnection back-off.
import { describe, expect, it } from "vitest";

import { feedURL, retryDelay } from "../../src/feed";

describe("feedURL", () => {
  it("asks for the topics on the page's host, ws: or wss: as the page", () => {
    expect(feedURL({ protocol: "http:", host: "192.168.1.10:8080" }, ["status", "telephony"]))
      .toBe("ws://192.168.1.10:8080/api/ws?topics=status%2Ctelephony");
    expect(feedURL({ protocol: "https:", host: "pbx.local" }, ["sms"])).toBe("wss://pbx.local/api/ws?topics=sms");
  });

  it("adds the further parameters", () => {
    expect(feedURL({ protocol: "http:", host: "h" }, ["log"], { log_lines: 1000 })).toBe("ws://h/api/ws?topics=log&log_lines=1000");
  });
});

describe("retryDelay", () => {
  it("doubles from half a second up to 32 s", () => {
    expect([1, 2, 3, 6, 9].map(retryDelay)).toEqual([1000, 2000, 4000, 32_000, 32_000]);
    expect(retryDelay(0)).toBe(500);
  });
});
