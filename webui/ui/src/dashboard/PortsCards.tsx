// The dashboard's cards of the box's own ports: FXS ports, FXO lines and
// GSM modules, each with its state live; a module's usage against its
// limits too.
import { useTranslation } from "react-i18next";

import { formatNumber } from "../format";
import type { LineView, ModuleView, PortView } from "../telephony";
import { SignalBars } from "./SignalBars";

export function FxsCard({ ports }: { ports: PortView[] }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="dash-fxs">
      <h2 id="dash-fxs">{t("live.fxs")}</h2>
      {ports.length === 0 ? <p className="muted">{t("live.none")}</p> : null}
      <ul className="status-list">
        {ports.map((p) => (
          <li key={p.port} data-fxs={p.port} data-state={p.state}>
            <span>
              <strong>{t("live.fxsPort", { port: p.port })}</strong>{" "}
              <span className="muted">{p.extension || t("live.unassigned")}</span>
              {p.fax ? <span className="muted"> · {t("live.fax")}</span> : null}
              {p.messageWaiting ? <span className="muted"> · {t("live.messageWaiting")}</span> : null}
            </span>
            <span className={`badge ${p.tone}`}>{t(`live.port.${p.state}`)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function FxoCard({ lines }: { lines: LineView[] }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="card" aria-labelledby="dash-fxo">
      <h2 id="dash-fxo">{t("live.fxo")}</h2>
      {lines.length === 0 ? <p className="muted">{t("live.none")}</p> : null}
      <ul className="status-list">
        {lines.map((l) => (
          <li key={l.port} data-fxo={l.port} data-state={l.state}>
            <span>
              <strong>{l.name || t("live.fxoLine", { port: l.port })}</strong>{" "}
              <span className="muted">
                {t("live.volts", { volts: formatNumber(l.volts, i18n.language) })}
                {l.remote ? ` · ${l.remote}` : ""}
              </span>
            </span>
            <span className={`badge ${l.tone}`}>{t(`live.line.${l.state}`)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function GsmCard({ modules }: { modules: ModuleView[] }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="card" aria-labelledby="dash-gsm">
      <h2 id="dash-gsm">{t("live.gsm")}</h2>
      {modules.length === 0 ? <p className="muted">{t("live.none")}</p> : null}
      <ul className="status-list">
        {modules.map((m) => (
          <li key={m.slot} data-gsm={m.slot} data-state={m.state}>
            <span>
              <strong>{m.name || t("live.gsmModule", { slot: m.slot })}</strong>{" "}
              <span className="muted">{m.operator || t("live.noOperator")}</span>
              <br />
              <SignalBars bars={m.bars} label={t("live.bars", { count: m.bars })} />{" "}
              <span className="muted" data-key="signal">
                {m.signalDBm === null ? t("live.noSignal") : t("live.dbm", { dbm: formatNumber(m.signalDBm, i18n.language) })}
                {" · "}
                {t(`live.reg.${m.registration}`)}
                {" · "}
                {t(`live.sim.${m.sim}`)}
              </span>
              <br />
              <Usage usage={m.usage} />
            </span>
            <span className={`badge ${m.tone}`}>{t(`live.module.${m.state}`)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

// Usage is what a module used today and this month, against its limits
// where it has them.
function Usage({ usage: u }: { usage: ModuleView["usage"] }) {
  const { t, i18n } = useTranslation();
  const n = (x: number) => formatNumber(x, i18n.language);
  const part = (key: string, used: number, limit: number) =>
    limit > 0 ? t(`usage.${key}Of`, { used: n(used), limit: n(limit) }) : t(`usage.${key}`, { used: n(used) });
  return (
    <span className="muted" data-key="usage">
      {[part("minutesToday", u.minutesToday, u.minutesPerDay), part("minutesMonth", u.minutesMonth, u.minutesPerMonth), part("smsToday", u.smsToday, u.smsPerDay)].join(" · ")}
    </span>
  );
}
