// SipCard shows the SIP trunks (up, registering, down or off) and the
// registered SIP devices, up or down.
import { useTranslation } from "react-i18next";

import { trunkState, type TelephonyView } from "../telephony";

export function SipCard({ trunks, registrations }: Pick<TelephonyView, "trunks" | "registrations">) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="dash-sip">
      <h2 id="dash-sip">{t("live.sip")}</h2>
      <h3>{t("live.trunks")}</h3>
      {trunks.length === 0 ? <p className="muted">{t("live.none")}</p> : null}
      <ul className="status-list">
        {trunks.map((tr) => (
          <li key={tr.name} data-trunk={tr.name} data-state={tr.state}>
            <span>
              <strong>{tr.name}</strong> {tr.error ? <span className="muted">{tr.error}</span> : null}
            </span>
            <TrunkBadge trunk={tr} />
          </li>
        ))}
      </ul>
      <h3>{t("live.registrations")}</h3>
      {registrations.length === 0 ? <p className="muted">{t("live.none")}</p> : null}
      <ul className="status-list">
        {registrations.map((r) => (
          <li key={`${r.device}@${r.contact}`} data-registration={r.device}>
            <span>
              <strong>{r.extension}</strong> <span className="muted">{r.device}</span>
            </span>
            <span className={`badge ${r.reachable ? "ok" : "bad"}`}>{r.reachable ? t("live.up") : t("live.down")}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

// TrunkBadge says whether a trunk is up, still registering, down or off.
function TrunkBadge({ trunk }: { trunk: { state: string; up: boolean } }) {
  const { t } = useTranslation();
  const [key, tone] = trunkState(trunk);
  return <span className={`badge ${tone}`}>{t(`live.trunk.${key}`)}</span>;
}
