// CallsCard lists the calls in progress: who calls whom, on which
// channels, the way each has taken through its scenario so far, and for
// how long, counted on the page every second.
import { useTranslation } from "react-i18next";

import { isKind } from "../catalogue";
import { useOutcomeName } from "../editor/names";
import { formatClock } from "../format";
import type { CallView } from "../telephony";
import { pathWords, type LiveNamers } from "./callPath";
import { useNow } from "./useNow";

export function CallsCard({ calls }: { calls: CallView[] }) {
  const { t, i18n } = useTranslation();
  const now = useNow(calls.length > 0);
  const outcomeName = useOutcomeName();
  const namers: LiveNamers = {
    kind: (k) => (isKind(k) ? t(`kinds.${k}`) : null),
    outcome: outcomeName,
    boxStep: (key, target) => t(`people.steps.${key}`, { target }),
    labelled: (kind, label) => t("live.element", { kind, label }),
    running: (name) => t("live.now", { name }),
    earlier: "…",
  };
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
                <th scope="col">{t("live.path")}</th>
                <th scope="col">{t("live.duration")}</th>
              </tr>
            </thead>
            <tbody>
              {calls.map((c) => (
                <tr key={c.id} data-call={c.id} data-from={c.from} data-to={c.to}>
                  <td>{c.from}</td>
                  <td>{c.to}</td>
                  <td>{c.channels.join(" ↔ ")}</td>
                  <td data-key="path" data-running={c.path.find((s) => s.running)?.step ?? ""}>
                    {pathWords(c.path, c.pathEarlier, namers) || "–"}
                  </td>
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
