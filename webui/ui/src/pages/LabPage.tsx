// LabPage is the simulated world around the box, on the simulated board
// only: the analog phones, the PSTN lines and the GSM network, read every
// half second while the page is open.
import { useTranslation } from "react-i18next";

import { ErrorNotice } from "../components/ErrorNotice";
import { useApp } from "../context";
import { GsmCard } from "../lab/GsmCard";
import { LineCard } from "../lab/LineCard";
import { PhoneCard } from "../lab/PhoneCard";
import { useLab } from "../lab/state";

export function LabPage() {
  const { t } = useTranslation();
  const { client, sessionEnded } = useApp();
  const { state, error, act } = useLab(client, sessionEnded);
  return (
    <>
      <p className="muted">{t("lab.intro")}</p>
      <ErrorNotice error={error} />
      {state === null ? (
        <p>{t("app.loading")}</p>
      ) : (
        <>
          <h2>{t("lab.phones")}</h2>
          <div className="cards" id="lab-phones">
            {(state.phones ?? []).map((p) => (
              <PhoneCard key={p.slot} p={p} act={act} />
            ))}
          </div>
          <h2>{t("lab.lines")}</h2>
          <div className="cards" id="lab-lines">
            {(state.lines ?? []).map((l) => (
              <LineCard key={l.slot} l={l} act={act} />
            ))}
          </div>
          <h2>{t("lab.gsmModules")}</h2>
          <div className="cards" id="lab-gsm">
            {(state.gsm ?? []).map((g) => (
              <GsmCard key={g.slot} g={g} act={act} />
            ))}
          </div>
        </>
      )}
    </>
  );
}
