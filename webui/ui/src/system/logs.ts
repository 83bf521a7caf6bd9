// The daemon's log lines as GET /api/logs and the websocket's "log" events
// give them: slog's text form, time=... level=INFO msg="..." key=value.
// The log page follows them live and filters them by level and text.

export const logLevels = ["DEBUG", "INFO", "WARN", "ERROR"] as const;
export type LogLevel = (typeof logLevels)[number];

// LogLine is one line, read.
export interface LogLine {
  time: string; // as written, RFC 3339; "" when the line has none
  level: LogLevel | ""; // "" for a line that is not slog's (a panic's trace)
  text: string; // the whole line
}

const levelField = /(?:^|\s)level=(DEBUG|INFO|WARN|ERROR)(?:[+-]\d+)?(?:\s|$)/;
const timeField = /(?:^|\s)time=(\S+)/;

// parseLogLine reads a line's time and level.
export function parseLogLine(line: string): LogLine {
  const level = levelField.exec(line)?.[1] as LogLevel | undefined;
  return { time: timeField.exec(line)?.[1] ?? "", level: level ?? "", text: line };
}

// filterLogs keeps the lines at min level or above that contain query
// (ignoring case); lines without a level stay with the line before them,
// so a multi-line message is kept or dropped whole.
export function filterLogs(lines: LogLine[], min: LogLevel, query: string): LogLine[] {
  const floor = logLevels.indexOf(min);
  const q = query.trim().toLowerCase();
  const out: LogLine[] = [];
  let keepLevel = floor === 0; // leading lines without a level show at DEBUG only
  for (const l of lines) {
    if (l.level !== "") keepLevel = logLevels.indexOf(l.level) >= floor;
    if (!keepLevel) continue;
    if (q !== "" && !l.text.toLowerCase().includes(q)) continue;
    out.push(l);
  }
  return out;
}

// LogEvent is the websocket's "log" event: the lines written since the
// last, or with reset the lines that replace all shown (the first event,
// and one after the page fell behind).
export interface LogEvent {
  type: "log";
  reset?: boolean;
  lines: string[];
}

// isLogEvent tells a "log" event of the feed.
export function isLogEvent(ev: unknown): ev is LogEvent {
  if (typeof ev !== "object" || ev === null) return false;
  const e = ev as Record<string, unknown>;
  return e.type === "log" && Array.isArray(e.lines) && e.lines.every((l) => typeof l === "string");
}

// followLog returns the lines kept after ev: at most keep, oldest first.
export function followLog(lines: string[], ev: LogEvent, keep: number): string[] {
  const all = ev.reset ? ev.lines : lines.concat(ev.lines);
  return all.length > keep ? all.slice(all.length - keep) : all;
}
