// LogSection shows the daemon's recent log, filtered by level and text,
// and follows new lines live over the websocket's log topic; Pause holds
// the view still to read it.
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import { useApp } from "../context";
import { useFeed, type FeedEvent } from "../feed";
import { filterLogs, followLog, isLogEvent, logLevels, parseLogLine, type LogLevel } from "./logs";

// logLines is how many of the last lines the page keeps.
const logLines = 1000;
const logTopics = ["log"] as const;
const logParams = { log_lines: logLines };

export function LogSection() {
  const { t } = useTranslation();
  const { client, sessionEnded } = useApp();
  const [lines, setLines] = useState<string[] | null>(null);
  const [frozen, setFrozen] = useState<string[] | null>(null); // the view while paused
  const [waiting, setWaiting] = useState(0); // lines come while paused
  const feed = useFeed(client, logTopics, {
    onEvent: (ev: FeedEvent) => {
      if (!isLogEvent(ev)) return;
      setLines((l) => followLog(l ?? [], ev, logLines));
      setWaiting((n) => n + ev.lines.length);
    },
  }, sessionEnded, logParams);
  const pause = () => {
    setWaiting(0);
    setFrozen(frozen ? null : (lines ?? []));
  };
  const [level, setLevel] = useState<LogLevel>("INFO");
  const [query, setQuery] = useState("");
  const view = frozen ?? lines;
  const shown = useMemo(
    () => filterLogs((view ?? []).map(parseLogLine), level, query).reverse(),
    [view, level, query],
  );
  return (
    <section className="card wide" aria-labelledby="log-title" id="log">
      <h2 id="log-title">
        {t("system.log.title")} <span id="log-live" className={`badge ${frozen ? "offline" : feed}`}>{frozen ? t("system.log.pause") : t(`dashboard.${feed}`)}</span>
      </h2>
      <div className="log-tools">
        <div className="field">
          <label htmlFor="log-level">{t("system.log.level")}</label>
          <select id="log-level" value={level} onChange={(e) => setLevel(e.target.value as LogLevel)}>
            {logLevels.map((l) => (
              <option key={l} value={l}>{t(`system.log.levels.${l}`)}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="log-query">{t("system.log.search")}</label>
          <input id="log-query" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </div>
        <button type="button" className="secondary" id="log-pause" aria-pressed={frozen !== null}
          onClick={pause}>
          {frozen ? t("system.log.follow") : t("system.log.pause")}
        </button>
      </div>
      {view === null ? (
        <p>{t("app.loading")}</p>
      ) : (
        <p className="hint" id="log-count">
          {t("system.log.count", { shown: shown.length, total: view.length })}
          {frozen ? <span id="log-waiting"> · {t("system.log.waiting", { count: waiting })}</span> : null}
        </p>
      )}
      <pre className="log" id="log-lines" tabIndex={0} aria-label={t("system.log.title")}>
        {shown.map((l, i) => (
          <span key={i} className={`log-${l.level.toLowerCase() || "plain"}`}>{l.text + "\n"}</span>
        ))}
      </pre>
    </section>
  );
}
