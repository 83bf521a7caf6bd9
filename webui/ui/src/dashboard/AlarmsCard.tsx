// AlarmsCard lists what needs the admin's attention: GSM limits reached.
import { useTranslation } from "react-i18next";

import type { TelephonyView } from "../telephony";

export function AlarmsCard({ alarms }: Pick<TelephonyView, "alarms">) {
  const { t } = useTranslation();
  if (alarms.length === 0) return null;
  return (
    <section className="card alarms" aria-labelledby="dash-alarms" role="status">
      <h2 id="dash-alarms">{t("live.alarms")}</h2>
      <ul id="alarms">
        {alarms.map((a, i) => (
          <li key={i}>
            <strong>{a.module}</strong>: {a.text}
          </li>
        ))}
      </ul>
    </section>
  );
}
