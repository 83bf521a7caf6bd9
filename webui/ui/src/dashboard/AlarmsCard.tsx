// AlarmsCard lists what needs the admin's attention (alarmsOf), each in
// the page's language with the box's own words as a detail; words of the
// box that the page does not know (key other) show as they came.
import { useTranslation } from "react-i18next";

import { formatNumber } from "../format";
import type { Alarm, Where } from "./alarms";

export function AlarmsCard({ alarms }: { alarms: Alarm[] }) {
  const { t, i18n } = useTranslation();
  if (alarms.length === 0) return null;
  const where = (w: Where) => {
    switch (w.kind) {
      case "fxs":
        return t("live.fxsPort", { port: w.port });
      case "fxo":
        return w.name || t("live.fxoLine", { port: w.port });
      case "gsm":
        return w.name || t("live.gsmModule", { slot: w.slot });
      case "trunk":
        return t("alarm.trunk", { name: w.name });
    }
  };
  // Numbers in the texts are written in the page's language.
  const text = (a: Alarm) =>
    t(`alarm.${a.key}`, Object.fromEntries(Object.entries(a.values).map(([k, v]) => [k, formatNumber(v, i18n.language)])));
  return (
    <section className="card alarms" aria-labelledby="dash-alarms" role="status">
      <h2 id="dash-alarms">{t("live.alarms")}</h2>
      <ul id="alarms">
        {alarms.map((a) => (
          <li key={a.id} data-alarm={a.id} data-key={a.key}>
            <strong>{where(a.where)}</strong>: {a.key === "other" ? a.detail : text(a)}
            {a.detail && a.key !== "other" ? <span className="muted"> ({a.detail})</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
