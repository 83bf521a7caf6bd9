// Hears shows what an ear of the lab hears: the tone it names, its level
// and frequency, and the DTMF digits heard.
import { useTranslation } from "react-i18next";

import { formatNumber } from "../format";
import type { Hearing } from "./state";

const known = ["silence", "dial", "busy", "ringback", "congestion", "call_waiting", "stutter", "sit", "other"];

export function Hears({ h }: { h: Hearing }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const hears = known.includes(h.hears) ? t(`lab.hear.${h.hears}`) : h.hears;
  const one = (n: number) => formatNumber(Math.round(n * 10) / 10, lang);
  return (
    <>
      <div className="row">
        <dt>{t("lab.hears")}</dt>
        <dd data-key="hears" data-value={h.hears}>
          {hears}
        </dd>
      </div>
      <div className="row">
        <dt>{t("lab.level")}</dt>
        <dd data-key="level" data-hz={h.tone_hz ?? ""}>
          {h.level_dbm0 === null ? "–" : t("lab.dbm0", { level: one(h.level_dbm0) })}
          {h.tone_hz === null ? null : ` · ${t("lab.hz", { hz: one(h.tone_hz) })}`}
        </dd>
      </div>
      {h.digits ? (
        <div className="row">
          <dt>{t("lab.digits")}</dt>
          <dd data-key="digits">{h.digits}</dd>
        </div>
      ) : null}
    </>
  );
}
