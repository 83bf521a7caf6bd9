// LineCard is the PSTN exchange behind an FXO line: ring the box with a
// caller's number, hang up (busy tone), send DTMF; it shows the line's
// state and what the far end hears.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Hears } from "./Hears";
import { useCallerText } from "./PhoneCard";
import type { LineState } from "./state";
import { ToneControl } from "./ToneControl";

type Act = (path: string, body?: unknown) => Promise<boolean>;

const states = ["idle", "alerting", "dial_tone", "digits", "ringback", "talking", "cleared", "down"];

export function LineCard({ l, act }: { l: LineState; act: Act }) {
  const { t } = useTranslation();
  const callerText = useCallerText();
  const [caller, setCaller] = useState("+74951234567");
  const [digits, setDigits] = useState("");
  const base = `lines/${l.slot}`;
  const ring = (ev: FormEvent) => {
    ev.preventDefault();
    void act(`${base}/ring`, { caller_id: caller.trim() });
  };
  const dtmf = async (ev: FormEvent) => {
    ev.preventDefault();
    if (digits && (await act(`${base}/dtmf`, { digits }))) setDigits("");
  };
  return (
    <section className="card lab-card" aria-labelledby={`line-${l.slot}`} data-line={l.slot} data-state={l.state}>
      <h2 id={`line-${l.slot}`}>
        {t("lab.line", { slot: l.slot })} <span className="badge">{states.includes(l.state) ? t(`lab.lineState.${l.state}`) : l.state}</span>
      </h2>
      <dl>
        <div className="row">
          <dt>{t("lab.seized")}</dt>
          <dd>{l.seized ? t("lab.yes") : t("lab.no")}</dd>
        </div>
        {l.caller_id ? (
          <div className="row">
            <dt>{t("lab.callerID")}</dt>
            <dd>{callerText(l.caller_id)}</dd>
          </div>
        ) : null}
        {l.dialled ? (
          <div className="row">
            <dt>{t("lab.dialled")}</dt>
            <dd>{l.dialled}</dd>
          </div>
        ) : null}
        <Hears h={l} />
      </dl>
      <form className="inline" onSubmit={ring}>
        <label htmlFor={`ring-${l.slot}`} className="visually-hidden">
          {t("lab.from")}
        </label>
        <input id={`ring-${l.slot}`} type="tel" value={caller} placeholder={t("lab.from")} onChange={(e) => setCaller(e.target.value)} autoComplete="off" />
        <button type="submit" data-action="ring">{t("lab.ring")}</button>
      </form>
      <div className="lab-buttons">
        <button type="button" className="secondary" data-action="answer" onClick={() => void act(`${base}/answer`)}>
          {t("lab.remoteAnswers")}
        </button>
        <button type="button" className="danger" data-action="hangup" onClick={() => void act(`${base}/hangup`, { how: "busy" })}>
          {t("lab.hangUpBusy")}
        </button>
      </div>
      <form className="inline" onSubmit={dtmf}>
        <label htmlFor={`dtmf-${l.slot}`} className="visually-hidden">
          {t("lab.dtmf")}
        </label>
        <input id={`dtmf-${l.slot}`} type="text" inputMode="tel" value={digits} placeholder={t("lab.dtmf")} onChange={(e) => setDigits(e.target.value)} autoComplete="off" />
        <button type="submit" className="secondary" disabled={!digits}>
          {t("lab.send")}
        </button>
      </form>
      <ToneControl id={l.slot} base={base} disabled={l.state !== "talking"} act={act} />
    </section>
  );
}
