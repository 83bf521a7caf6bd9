// CallsCard lists the calls in progress: who calls whom, on which
// channels, and for how long, counted on the page every second.
import { useTranslation } from "react-i18next";

import { formatClock } from "../format";
import type { CallView } from "../telephony";
import { useNow } from "./useNow";

export function CallsCard({ calls }: { calls: CallView[] }) {
  const { t, i18n } = useTranslation();
  const now = useNow(calls.length > 0);
  return (
    <section className="card wide" aria-labelledby="dash-calls">
      <h2 id="dash-calls">
        {t("live.calls")} <span className="badge" data-count={calls.length}>{calls.length}</span>
      </h2>
      {calls.length === 0 ? (
        <p className="muted" id="no-calls">{t("live.noCalls")}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="dash-calls">
          <table id="calls">
            <thead>
              <tr>
                <th scope="col">{t("live.from")}</th>
                <th scope="col">{t("live.to")}</th>
                <th scope="col">{t("live.channels")}</th>
                <th scope="col">{t("live.duration")}</th>
              </tr>
            </thead>
            <tbody>
              {calls.map((c) => (
                <tr key={c.id} data-call={c.id} data-from={c.from} data-to={c.to}>
                  <td>{c.from}</td>
                  <td>{c.to}</td>
                  <td>{c.channels.join(" ↔ ")}</td>
                  <td data-key="duration">
                    {c.answered ? formatClock((now - c.started) / 1000, i18n.language) : t("live.setup")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
