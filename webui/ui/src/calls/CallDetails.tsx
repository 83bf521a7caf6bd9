// CallDetails shows one call of the log: the path it took through its
// scenario step by step, its legs, the caller's rating and its recording
// when it has them. The
// details load when the admin opens them; the recording only when played.
import { useTranslation } from "react-i18next";

import { ErrorNotice } from "../components/ErrorNotice";
import { formatClock, formatDateTime } from "../format";
import { isKind } from "../catalogue";
import { useOutcomeName } from "../editor/names";
import { useLoad } from "../useLoad";
import { namedStepName } from "./pathNames";
import { callRating, causeName, hasRecording, pathSteps, type Call, type CallDetail } from "./query";

export function CallDetails({ call }: { call: Call }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const detail = useLoad<CallDetail>(`/api/calls/${call.id}`);
  const d = detail.data;
  const recorded = hasRecording(call, d);
  const outcomeName = useOutcomeName();
  const namers = {
    kind: (k: string) => (isKind(k) ? t(`kinds.${k}`) : null),
    outcome: outcomeName,
    boxStep: (key: string, target?: string) => t(`people.steps.${key}`, { target }),
  };

  return (
    <div className="call-details" data-call-details={call.id}>
      {recorded ? (
        <div className="recording">
          <h3>{t("calls.recording")}</h3>
          <audio controls preload="none" src={`/api/calls/${call.id}/recording`} aria-label={t("calls.recording")} />
        </div>
      ) : null}
      <ErrorNotice error={detail.error} />
      {d === null ? (
        detail.error ? null : <p>{t("app.loading")}</p>
      ) : (
        <>
          <h3>{t("calls.path")}</h3>
          {pathSteps(d).length === 0 ? (
            <p className="muted" id={`no-path-${call.id}`}>{t("calls.noPath")}</p>
          ) : (
            <ol className="call-path">
              {pathSteps(d).map((s, i) => (
                <li key={i} data-step={s.step}>
                  <span className="offset">+{formatClock(s.offset, lang)}</span> <span className="step-name">{namedStepName(s, d.elements, namers)}</span>
                  {s.outcome ? <> → <span className="step-outcome">{outcomeName(s.outcome)}</span></> : null}
                </li>
              ))}
              {d.details.path_lost ? <li className="muted">{t("calls.pathLost", { count: d.details.path_lost })}</li> : null}
            </ol>
          )}
          <h3>{t("calls.legs")}</h3>
          <ul className="call-legs">
            {(d.details.legs ?? []).map((l, i) => (
              <li key={i} data-leg={l.channel}>
                <code>{l.channel}</code>
                {l.number ? ` ${l.number}` : ""}
                {l.answered ? ` · ${t("calls.answeredAt", { time: formatDateTime(l.answered, lang) })}` : ""}
                {l.cause ? ` · ${causeName(t, l.cause)}` : ""}
              </li>
            ))}
          </ul>
          {callRating(d) !== null ? (
            <p id={`rating-${call.id}`} data-rating={callRating(d)}>{t("calls.rating", { rating: callRating(d) })}</p>
          ) : null}
          <p className="muted">
            {t("calls.summary", { duration: formatClock(d.duration_s, lang), cause: causeName(t, d.cause), route: d.route || "–" })}
          </p>
        </>
      )}
    </div>
  );
}
