// GsmCard is the mobile network of a GSM module: call the SIM from a
// number, text it, set the signal, break the modem (it stops answering
// until the driver resets it) or let it recover.
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { formatNumber } from "../format";
import { Hears } from "./Hears";
import { signalDBm, type GSMState } from "./state";
import { ToneControl } from "./ToneControl";

type Act = (path: string, body?: unknown) => Promise<boolean>;

export function GsmCard({ g, act }: { g: GSMState; act: Act }) {
  const { t, i18n } = useTranslation();
  const [from, setFrom] = useState("+79161234567");
  const [smsFrom, setSmsFrom] = useState("+79161234567");
  const [text, setText] = useState("");
  const [digits, setDigits] = useState("");
  const [signal, setSignal] = useState(g.signal);
  const base = `gsm/${g.slot}`;
  useEffect(() => setSignal(g.signal), [g.signal]);
  const call = (ev: FormEvent) => {
    ev.preventDefault();
    void act(`${base}/call`, { from: from.trim() });
  };
  const sms = async (ev: FormEvent) => {
    ev.preventDefault();
    if (text && (await act(`${base}/sms`, { from: smsFrom.trim(), text }))) setText("");
  };
  const dtmf = async (ev: FormEvent) => {
    ev.preventDefault();
    if (digits && (await act(`${base}/dtmf`, { digits }))) setDigits("");
  };
  const dbm = signalDBm(signal);
  const calls = g.calls ?? [];
  return (
    <section className="card lab-card" aria-labelledby={`gsm-${g.slot}`} data-gsm={g.slot}>
      <h2 id={`gsm-${g.slot}`}>
        {t("lab.gsm", { slot: g.slot })}{" "}
        <span className={`badge ${g.hung ? "offline" : g.registered ? "live" : ""}`}>
          {g.hung ? t("lab.broken") : g.registered ? t("lab.registered") : t("lab.notRegistered")}
        </span>
      </h2>
      <dl>
        <div className="row">
          <dt>IMEI</dt>
          <dd>{g.imei}</dd>
        </div>
        {calls.map((c) => (
          <div className="row" key={c.id}>
            <dt>{t(c.direction === "in" ? "lab.callIn" : "lab.callOut")}</dt>
            <dd data-key="call">
              {c.number} · {t(`lab.callState.${c.state}`, { defaultValue: c.state })}
            </dd>
          </div>
        ))}
        {(g.sms_sent ?? []).slice(-3).map((m, i) => (
          <div className="row" key={i}>
            <dt>{t("lab.smsSent", { to: m.to })}</dt>
            <dd>{m.text}</dd>
          </div>
        ))}
        <Hears h={g} />
      </dl>
      <div className="field">
        <label htmlFor={`signal-${g.slot}`}>
          {t("lab.signal")}: {dbm === null ? t("lab.unknown") : t("lab.dbm", { dbm: formatNumber(dbm, i18n.language) })}
        </label>
        <input id={`signal-${g.slot}`} type="range" min={0} max={31} value={signal > 31 ? 0 : signal}
          onChange={(e) => setSignal(Number(e.target.value))}
          onPointerUp={() => void act(`${base}/signal`, { rssi: signal })}
          onKeyUp={() => void act(`${base}/signal`, { rssi: signal })} />
      </div>
      <form className="inline" onSubmit={call}>
        <label htmlFor={`call-${g.slot}`} className="visually-hidden">
          {t("lab.from")}
        </label>
        <input id={`call-${g.slot}`} type="tel" value={from} onChange={(e) => setFrom(e.target.value)} autoComplete="off" />
        <button type="submit" data-action="call">{t("lab.callSim")}</button>
      </form>
      {calls.length > 0 ? (
        <div className="lab-buttons">
          <button type="button" className="secondary" onClick={() => void act(`${base}/answer`)}>
            {t("lab.remoteAnswers")}
          </button>
          <button type="button" className="danger" onClick={() => void act(`${base}/hangup`)}>
            {t("lab.hangUp")}
          </button>
        </div>
      ) : null}
      {calls.length > 0 ? (
        <>
          <form className="inline" onSubmit={dtmf}>
            <label htmlFor={`gsm-dtmf-${g.slot}`} className="visually-hidden">
              {t("lab.dtmf")}
            </label>
            <input id={`gsm-dtmf-${g.slot}`} type="text" inputMode="tel" value={digits} placeholder={t("lab.dtmf")} onChange={(e) => setDigits(e.target.value)} autoComplete="off" />
            <button type="submit" className="secondary" disabled={!digits}>
              {t("lab.send")}
            </button>
          </form>
          <ToneControl id={g.slot} base={base} disabled={false} act={act} />
        </>
      ) : null}
      <form className="sms" onSubmit={sms}>
        <label htmlFor={`sms-from-${g.slot}`}>{t("lab.smsFrom")}</label>
        <input id={`sms-from-${g.slot}`} type="tel" value={smsFrom} onChange={(e) => setSmsFrom(e.target.value)} autoComplete="off" />
        <label htmlFor={`sms-text-${g.slot}`}>{t("lab.smsText")}</label>
        <textarea id={`sms-text-${g.slot}`} rows={2} value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit" className="secondary" disabled={!text}>
          {t("lab.sendSms")}
        </button>
      </form>
      <div className="lab-buttons">
        {g.hung ? (
          <button type="button" data-action="recover" onClick={() => void act(`${base}/break`, { how: "recover" })}>
            {t("lab.recover")}
          </button>
        ) : (
          <button type="button" className="danger" data-action="break" onClick={() => void act(`${base}/break`, { how: "hang", cure: "cfun" })}>
            {t("lab.break")}
          </button>
        )}
      </div>
    </section>
  );
}
