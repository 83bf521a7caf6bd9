// PhoneCard is an analog phone on an FXS port: pick it up, dial on its
// keypad (DTMF, by mouse or keyboard), flash (the R button), send a fax or
// test tone, hang up; it shows ringing, caller ID and what its earpiece
// hears.
import { useState, type FormEvent, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";

import { keypad } from "../elementParams";
import { Hears } from "./Hears";
import type { CallerID, PhoneState } from "./state";
import { ToneControl } from "./ToneControl";
import { keyAction } from "./tones";

type Act = (path: string, body?: unknown) => Promise<boolean>;

// callerText is how a phone's display shows caller ID.
export function useCallerText(): (c: CallerID | null) => string {
  const { t } = useTranslation();
  return (c) => {
    if (!c) return "–";
    if (!c.number) return c.withheld === "private" ? t("lab.withheld") : t("lab.unavailable");
    return c.name ? `${c.number} ${c.name}` : c.number;
  };
}

export function PhoneCard({ p, act }: { p: PhoneState; act: Act }) {
  const { t } = useTranslation();
  const callerText = useCallerText();
  const [number, setNumber] = useState("");
  const base = `phones/${p.slot}`;
  const dial = async (ev: FormEvent) => {
    ev.preventDefault();
    if (number && (await act(`${base}/dial`, { digits: number, mode: "dtmf" }))) setNumber("");
  };
  const state = p.off_hook ? "offHook" : p.ringing ? "ringing" : "onHook";
  const flash = () => void act(`${base}/flash`);
  // Keys typed on the keypad dial; R flashes.
  const onKey = (ev: KeyboardEvent) => {
    const a = keyAction(ev);
    if (!a || !p.off_hook) return;
    ev.preventDefault();
    if (a.kind === "flash") flash();
    else void act(`${base}/dial`, { digits: a.digit, mode: "dtmf" });
  };
  return (
    <section className={`card lab-card ${state}`} aria-labelledby={`phone-${p.slot}`} data-phone={p.slot} data-state={state}>
      <h2 id={`phone-${p.slot}`}>
        {t("lab.phone", { slot: p.slot })} <span className={`badge ${p.ringing ? "ringing" : ""}`}>{t(`lab.${state}`)}</span>
      </h2>
      <dl>
        {p.ringing || p.caller_id ? (
          <div className="row">
            <dt>{t("lab.callerID")}</dt>
            <dd data-key="caller-id">{callerText(p.caller_id)}</dd>
          </div>
        ) : null}
        {p.ringing ? (
          <div className="row">
            <dt>{t("lab.rings")}</dt>
            <dd data-key="rings">
              {p.rings} {p.bell ? "🔔" : ""}
            </dd>
          </div>
        ) : null}
        <Hears h={p} />
      </dl>
      <div className="lab-buttons">
        {p.off_hook ? (
          <>
            <button type="button" className="danger" data-action="onhook" onClick={() => void act(`${base}/onhook`)}>
              {t("lab.hangUp")}
            </button>
            <button type="button" className="secondary" data-action="flash" aria-keyshortcuts="R" onClick={flash}>
              {t("lab.flash")}
            </button>
          </>
        ) : (
          <button type="button" data-action="offhook" onClick={() => void act(`${base}/offhook`)}>
            {p.ringing ? t("lab.answer") : t("lab.pickUp")}
          </button>
        )}
      </div>
      <div className="keypad" role="group" aria-label={t("lab.keypad", { slot: p.slot })} aria-describedby="lab-keys" onKeyDown={onKey}>
        {keypad.map((k) => (
          <button key={k} type="button" className="key" data-key={k} disabled={!p.off_hook}
            onClick={() => void act(`${base}/dial`, { digits: k, mode: "dtmf" })}>
            {k}
          </button>
        ))}
      </div>
      <form className="inline" onSubmit={dial}>
        <label htmlFor={`dial-${p.slot}`} className="visually-hidden">
          {t("lab.number")}
        </label>
        <input id={`dial-${p.slot}`} type="tel" value={number} placeholder={t("lab.number")} onChange={(e) => setNumber(e.target.value)} autoComplete="off" />
        <button type="submit" disabled={!p.off_hook || !number}>
          {t("lab.dial")}
        </button>
      </form>
      <ToneControl id={p.slot} base={base} disabled={!p.off_hook} act={act} />
    </section>
  );
}
