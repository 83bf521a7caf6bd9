// LogSection shows the daemon's recent log, filtered by level and text.
// The websocket carries no log lines, so the admin refreshes it.
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import { ErrorNotice } from "../components/ErrorNotice";
import { useLoad } from "../useLoad";
import { filterLogs, logLevels, parseLogLine, type LogLevel } from "./logs";

// logLines is how many of the last lines the page asks for.
const logLines = 1000;

export function LogSection() {
  const { t } = useTranslation();
  const logs = useLoad<{ lines: string[] }>(`/api/logs?n=${logLines}`);
  const [level, setLevel] = useState<LogLevel>("INFO");
  const [query, setQuery] = useState("");
  const shown = useMemo(
    () => filterLogs((logs.data?.lines ?? []).map(parseLogLine), level, query).reverse(),
    [logs.data, level, query],
  );
  return (
    <section className="card wide" aria-labelledby="log-title" id="log">
      <h2 id="log-title">{t("system.log.title")}</h2>
      <ErrorNotice error={logs.error} />
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
        <button type="button" className="secondary" id="log-refresh" onClick={() => void logs.reload()}>{t("system.log.refresh")}</button>
      </div>
      <p className="hint" id="log-count">{t("system.log.count", { shown: shown.length, total: logs.data?.lines.length ?? 0 })}</p>
      <pre className="log" id="log-lines" tabIndex={0} aria-label={t("system.log.title")}>
        {shown.map((l, i) => (
          <span key={i} className={`log-${l.level.toLowerCase() || "plain"}`}>{l.text + "\n"}</span>
        ))}
      </pre>
    </section>
  );
}
