// The system page's own logic: reading and filtering log lines, the NTP
// server list typed into one field, and an upload's progress.
import { describe, expect, it } from "vitest";

import { filterLogs, followLog, isLogEvent, parseLogLine } from "../../src/system/logs";
import { splitServers } from "../../src/system/TimeSection";
import { percent } from "../../src/upload";

const lines = [
  "panic: the previous run's last words", // no level: shown at DEBUG only
  'time=2026-01-02T10:00:00.000Z level=DEBUG msg="rtp packet" part=media',
  'time=2026-01-02T10:00:01.000Z level=INFO msg="listening" part="web UI" addr=127.0.0.1:8080',
  'time=2026-01-02T10:00:02.000Z level=WARN msg="wrong setup code" client=192.0.2.1',
  "goroutine 7 [running]:", // continues the WARN line
  'time=2026-01-02T10:00:03.000Z level=ERROR msg="modem gone" part=gsm slot=gsm1',
  'time=2026-01-02T10:00:04.000Z level=INFO+2 msg="level with an offset"',
].map(parseLogLine);

describe("parseLogLine", () => {
  it("reads slog's time and level", () => {
    expect(lines[2]).toMatchObject({ time: "2026-01-02T10:00:01.000Z", level: "INFO" });
    expect(lines[6].level).toBe("INFO");
    expect(lines[0]).toMatchObject({ time: "", level: "" });
  });

  it("does not take a level from a message's text", () => {
    expect(parseLogLine('time=x level=INFO msg="user typed level=ERROR"').level).toBe("INFO");
    expect(parseLogLine('msg="nolevel=ERROR"').level).toBe("");
  });
});

describe("filterLogs", () => {
  const texts = (min: Parameters<typeof filterLogs>[1], q: string) => filterLogs(lines, min, q).map((l) => l.text);

  it("keeps lines at the level and above, with their continuation lines", () => {
    expect(texts("DEBUG", "")).toHaveLength(lines.length);
    expect(texts("INFO", "")).toEqual([lines[2].text, lines[3].text, lines[4].text, lines[5].text, lines[6].text]);
    expect(texts("WARN", "")).toEqual([lines[3].text, lines[4].text, lines[5].text]);
    expect(texts("ERROR", "")).toEqual([lines[5].text]);
  });

  it("searches without regard to case", () => {
    expect(texts("DEBUG", "  MODEM ")).toEqual([lines[5].text]);
    expect(texts("ERROR", "listening")).toEqual([]);
  });
});

describe("splitServers", () => {
  it("splits on commas, semicolons and spaces", () => {
    expect(splitServers(" pool.ntp.org, 192.0.2.1;ntp.example  2001:db8::1 ")).toEqual(["pool.ntp.org", "192.0.2.1", "ntp.example", "2001:db8::1"]);
    expect(splitServers("  ")).toEqual([]);
  });
});

describe("percent", () => {
  it("is the share sent, whole and capped", () => {
    expect(percent({ sent: 0, total: 0 })).toBe(0);
    expect(percent({ sent: 1, total: 3 })).toBe(33);
    expect(percent({ sent: 5, total: 4 })).toBe(100);
  });
});

describe("followLog", () => {
  it("appends new lines and keeps the newest", () => {
    expect(followLog(["a", "b"], { type: "log", lines: ["c"] }, 10)).toEqual(["a", "b", "c"]);
    expect(followLog(["a", "b"], { type: "log", lines: ["c", "d"] }, 3)).toEqual(["b", "c", "d"]);
  });

  it("replaces every line on a reset", () => {
    expect(followLog(["a", "b"], { type: "log", reset: true, lines: ["x"] }, 10)).toEqual(["x"]);
    expect(followLog(["a"], { type: "log", reset: true, lines: ["1", "2", "3"] }, 2)).toEqual(["2", "3"]);
  });

  it("tells a log event from others", () => {
    expect(isLogEvent({ type: "log", lines: ["a"] })).toBe(true);
    expect(isLogEvent({ type: "log", lines: [1] })).toBe(false);
    expect(isLogEvent({ type: "log" })).toBe(false);
    expect(isLogEvent({ type: "sms", lines: [] })).toBe(false);
  });
});
