// TimeSection shows the box's clock in its time zone, sets the zone, and
// names the NTP servers the box keeps its clock with.
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { useApp } from "../context";
import { useAction } from "../useAction";
import { useLoad } from "../useLoad";
import type { BoxTime, Setting } from "./types";

// zones are the IANA zones the browser knows, offered while typing.
const zones: string[] = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];

// splitServers reads a list of servers typed with commas or spaces.
export function splitServers(s: string): string[] {
  return s.split(/[\s,;]+/).filter((x) => x !== "");
}

export function TimeSection() {
  const { t, i18n } = useTranslation();
  const { client } = useApp();
  const time = useLoad<BoxTime>("/api/system/time");
  const ntp = useLoad<Setting<string[]>>("/api/settings/ntp_servers");
  const zone = useAction();
  const servers = useAction();
  const [saved, setSaved] = useState("");
  // The clock ticks in the page from the box's time when it was read.
  const [tick, setTick] = useState(() => Date.now());
  const [readAt, setReadAt] = useState(() => Date.now());
  useEffect(() => setReadAt(Date.now()), [time.data]);
  useEffect(() => {
    const timer = window.setInterval(() => setTick(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);

  const b = time.data;
  let clock = "";
  if (b) {
    const now = new Date(new Date(b.now).getTime() + (tick - readAt));
    try {
      clock = new Intl.DateTimeFormat(i18n.language, { dateStyle: "full", timeStyle: "medium", timeZone: b.time_zone }).format(now);
    } catch {
      clock = now.toISOString();
    }
  }

  const saveZone = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const value = String(new FormData(ev.currentTarget).get("value") ?? "").trim();
    setSaved("");
    void zone.run(async () => {
      await client.put("/api/settings/time_zone", { value });
      setSaved(t("system.time.zoneSaved", { zone: value }));
      await time.reload();
    });
  };
  const saveServers = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const value = splitServers(String(new FormData(ev.currentTarget).get("value") ?? ""));
    setSaved("");
    void servers.run(async () => {
      await client.put("/api/settings/ntp_servers", { value });
      setSaved(t("system.time.serversSaved"));
      await ntp.reload();
    });
  };
  const useDHCP = () => {
    setSaved("");
    void servers.run(async () => {
      await client.request("DELETE", "/api/settings/ntp_servers");
      setSaved(t("system.time.serversSaved"));
      await ntp.reload();
    });
  };

  return (
    <section className="card" aria-labelledby="time-title" id="time">
      <h2 id="time-title">{t("system.time.title")}</h2>
      <ErrorNotice error={time.error ?? ntp.error} />
      {b ? (
        <dl>
          <div className="row"><dt>{t("system.time.now")}</dt><dd id="box-time">{clock}</dd></div>
          <div className="row"><dt>{t("system.time.zone")}</dt><dd id="box-zone">{b.zone_set ? b.time_zone : t("system.time.zoneUnset")}</dd></div>
        </dl>
      ) : null}
      {saved ? <p className="ok" role="status" id="time-saved">{saved}</p> : null}
      <ErrorNotice error={zone.error} />
      <form id="zone-form" key={`zone-${b?.time_zone}`} onSubmit={saveZone}>
        <Field name="value" label={t("system.time.zone")} hint={t("system.time.zoneHint")} error={zone.error}
          defaultValue={b?.zone_set ? b.time_zone : ""} list="zones" autoComplete="off" required />
        <datalist id="zones">
          {zones.map((z) => <option key={z} value={z} />)}
        </datalist>
        <button type="submit" disabled={zone.busy}>{t("system.time.saveZone")}</button>
      </form>
      <ErrorNotice error={servers.error} />
      <form id="ntp-form" key={`ntp-${ntp.data?.value?.join(" ")}`} onSubmit={saveServers}>
        <div className={servers.error ? "field invalid" : "field"}>
          <label htmlFor="field-ntp">{t("system.time.servers")}</label>
          <input id="field-ntp" name="value" defaultValue={ntp.data?.value?.join(", ") ?? ""} autoComplete="off"
            aria-invalid={servers.error ? true : undefined} aria-describedby="field-ntp-hint" />
          <small id="field-ntp-hint" className="hint">{ntp.data?.default ? t("system.time.serversDefault") : t("system.time.serversHint")}</small>
        </div>
        <button type="submit" disabled={servers.busy}>{t("system.time.saveServers")}</button>{" "}
        {ntp.data && !ntp.data.default ? (
          <button type="button" className="secondary" onClick={useDHCP} disabled={servers.busy}>{t("system.time.useDHCP")}</button>
        ) : null}
      </form>
    </section>
  );
}
