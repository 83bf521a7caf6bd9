// DashboardPage shows the box's state live over the websocket: no polling
// and no reload.
import { useMemo } from "react";
import { useTranslation } from "react-i18next";

import { ErrorNotice } from "../components/ErrorNotice";
import { alarmsOf } from "../dashboard/alarms";
import { AlarmsCard } from "../dashboard/AlarmsCard";
import { CallsCard } from "../dashboard/CallsCard";
import { FxoCard, FxsCard, GsmCard } from "../dashboard/PortsCards";
import { SipCard } from "../dashboard/SipCard";
import { useApp } from "../context";
import { formatDuration, formatMB, formatNumber, formatTime } from "../format";
import { useLiveStatus } from "../live";
import { telephonyView } from "../telephony";

export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const { client, sessionEnded } = useApp();
  const { status, telephony, state, updatedAt, error } = useLiveStatus(client, sessionEnded);
  const tel = useMemo(() => (telephony ? telephonyView(telephony) : null), [telephony]);
  const alarms = useMemo(() => (telephony ? alarmsOf(telephony) : []), [telephony]);
  const lang = i18n.language;
  const unknown = t("dashboard.unknown");
  const row = (key: string, value: string) => (
    <div className="row" key={key}>
      <dt>{t(`dashboard.${key}`)}</dt>
      <dd data-key={key}>{value}</dd>
    </div>
  );
  return (
    <>
      <p className="live-line">
        <span id="live" className={`badge ${state}`} aria-live="polite">
          {t(`dashboard.${state}`)}
        </span>{" "}
        {updatedAt ? <span className="muted">{t("dashboard.updated", { time: formatTime(updatedAt, lang) })}</span> : null}
      </p>
      <ErrorNotice error={error} />
      {tel ? (
        <div className="cards telephony" id="telephony">
          <AlarmsCard alarms={alarms} />
          <CallsCard calls={tel.calls} />
          <FxsCard ports={tel.ports} />
          <FxoCard lines={tel.lines} />
          <GsmCard modules={tel.modules} />
          <SipCard trunks={tel.trunks} registrations={tel.registrations} />
        </div>
      ) : null}
      {status ? (
        <div className="cards">
          <section className="card" aria-labelledby="dash-system">
            <h2 id="dash-system">{t("dashboard.system")}</h2>
            <dl>
              {row("version", status.version || unknown)}
              {row("board", status.board || unknown)}
              {row("sipAddr", status.sip_addr || unknown)}
              {status.mdns_name ? row("mdnsName", status.mdns_name) : null}
              {row("uptime", formatDuration(status.uptime_s, lang))}
              {row("heap", formatMB(status.heap_bytes, lang))}
              {status.rss_bytes ? row("resident", formatMB(status.rss_bytes, lang)) : null}
              {row("goroutines", formatNumber(status.goroutines, lang))}
            </dl>
          </section>
          <section className="card" aria-labelledby="dash-config">
            <h2 id="dash-config">{t("dashboard.configuration")}</h2>
            <dl>
              {row("revision", formatNumber(status.revision, lang))}
              {row("extensions", formatNumber(status.extensions, lang))}
              {row("trunks", formatNumber(status.trunks, lang))}
              {row("routes", formatNumber(status.routes, lang))}
            </dl>
          </section>
        </div>
      ) : (
        <p>{t("app.loading")}</p>
      )}
    </>
  );
}
