// LabPage is the simulated world around the box, on the simulated board
// only: the analog phones, the PSTN lines and the GSM network, pushed over
// the websocket while the page is open, with a short guide to trying the
// box and a button that puts the world back as it started.
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { ErrorNotice } from "../components/ErrorNotice";
import { useApp } from "../context";
import { GsmCard } from "../lab/GsmCard";
import { LineCard } from "../lab/LineCard";
import { PhoneCard } from "../lab/PhoneCard";
import { useLab } from "../lab/state";
import { useAction } from "../useAction";

const guideSteps = ["call", "transfer", "fax", "gsm"] as const;

export function LabPage() {
  const { t } = useTranslation();
  const { client, sessionEnded } = useApp();
  const { state, live, error, act } = useLab(client, sessionEnded);
  // The demo office is configuration (POST /api/lab/demo), not the world.
  const demo = useAction();
  const [demoDone, setDemoDone] = useState(false);
  const setUpDemo = () => {
    setDemoDone(false);
    void demo.run(async () => {
      await client.post("/api/lab/demo");
      setDemoDone(true);
    });
  };
  return (
    <>
      <p className="muted">
        {t("lab.intro")} <span id="lab-live" className={`badge ${live}`}>{t(`dashboard.${live}`)}</span>
      </p>
      <details className="card wide lab-guide" id="lab-guide" open>
        <summary>{t("lab.guide.title")}</summary>
        <ul>
          {guideSteps.map((k) => (
            <li key={k} data-step={k}>{t(`lab.guide.${k}`)}</li>
          ))}
        </ul>
      </details>
      <div className="lab-buttons">
        <button type="button" id="lab-demo" aria-describedby="lab-demo-hint" disabled={demo.busy} onClick={setUpDemo}>
          {t("lab.demo")}
        </button>
        <span className="hint" id="lab-demo-hint">{t("lab.demoHint")}</span>
      </div>
      <ErrorNotice error={demo.error} />
      {demoDone ? <p className="ok" role="status" id="lab-demo-done">{t("lab.demoDone")}</p> : null}
      <div className="lab-buttons">
        <button type="button" className="secondary" id="lab-reset" aria-describedby="lab-reset-hint" onClick={() => void act("reset")}>
          {t("lab.reset")}
        </button>
        <span className="hint" id="lab-reset-hint">{t("lab.resetHint")}</span>
      </div>
      <ErrorNotice error={error} />
      {state === null ? (
        <p>{t("app.loading")}</p>
      ) : (
        <>
          <h2>{t("lab.phones")}</h2>
          <p className="hint" id="lab-keys">{t("lab.keysHint")}</p>
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
