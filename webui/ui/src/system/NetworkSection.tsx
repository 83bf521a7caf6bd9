// NetworkSection shows the box's interfaces and addresses, and sets how
// the LAN interface gets its address: DHCP or a static address. Saving
// asks first, since the page may lose the box at its old address; the
// fallback address answers in every mode.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { ListTable } from "../components/ListTable";
import { useApp } from "../context";
import { useAction } from "../useAction";
import { useLoad } from "../useLoad";
import { fallbackURL, movedURL, networkField, networkInput, networkValue, type NetworkSetting } from "./network";
import type { NetInterface, Setting } from "./types";

export function NetworkSection() {
  const { t } = useTranslation();
  const { client } = useApp();
  const net = useLoad<{ interfaces: NetInterface[]; sip_addr: string; fallback_addr: string }>("/api/system/network");
  const setting = useLoad<Setting<NetworkSetting>>("/api/settings/network");
  const save = useAction();
  const [mode, setMode] = useState<"dhcp" | "static" | null>(null);
  const [pending, setPending] = useState<NetworkSetting | null>(null);
  const [saved, setSaved] = useState("");
  const start = networkInput(setting.data?.value);
  const shown = mode ?? start.mode;
  const error = networkField(save.error);
  const fallback = net.data?.fallback_addr ?? "169.254.100.1";
  const page = new URL(window.location.href);

  const ask = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const form = new FormData(ev.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "");
    setSaved("");
    setPending(networkValue({ mode: shown, address: text("net-address"), gateway: text("net-gateway"), dns: text("net-dns") }));
  };
  const apply = (value: NetworkSetting) => {
    void save.run(async () => {
      await client.put("/api/settings/network", { value });
      setPending(null);
      setMode(null);
      setSaved(t("system.network.saved"));
      await setting.reload();
      await net.reload();
    }).then((ok) => {
      // A refused value is marked on its field; the form can be sent again.
      if (!ok) setPending(null);
    });
  };
  const moved = pending ? movedURL(page, pending) : "";

  return (
    <section className="card" aria-labelledby="network-title" id="network">
      <h2 id="network-title">{t("system.network.title")}</h2>
      <ErrorNotice error={net.error ?? setting.error} />
      {net.data ? (
        <dl>
          <div className="row"><dt>{t("system.network.sip")}</dt><dd id="sip-addr">{net.data.sip_addr}</dd></div>
        </dl>
      ) : null}
      <ListTable id="interfaces" label={t("system.network.title")} rows={net.data?.interfaces ?? null} empty={t("system.network.none")}
        rowKey={(x) => x.name} rowData={(x) => ({ iface: x.name })}
        columns={[
          { head: t("system.network.name"), cell: (x) => x.name },
          { head: t("system.network.state"), cell: (x) => (x.up ? t("system.network.up") : t("system.network.down")) },
          { head: t("system.network.addrs"), key: "addrs", cell: (x) => x.addrs.join(", ") || "–" },
          { head: t("system.network.mac"), cell: (x) => x.mac || "–" },
        ]} />
      <p className="hint">{t("system.network.hint", { fallback })}</p>
      {saved ? <p className="ok" role="status" id="network-saved">{saved}</p> : null}
      <ErrorNotice error={save.error} />
      {setting.data ? (
        <form id="network-form" key={JSON.stringify(setting.data.value)} onSubmit={ask}>
          <div className="field">
            <label htmlFor="field-net-mode">{t("system.network.mode")}</label>
            <select id="field-net-mode" name="net-mode" value={shown}
              onChange={(ev) => { setMode(ev.currentTarget.value === "static" ? "static" : "dhcp"); setPending(null); }}>
              <option value="dhcp">{t("system.network.dhcp")}</option>
              <option value="static">{t("system.network.static")}</option>
            </select>
          </div>
          {shown === "static" ? (
            <>
              <Field name="net-address" label={t("system.network.address")} hint={t("system.network.addressHint")} error={error}
                defaultValue={start.address} autoComplete="off" required />
              <Field name="net-gateway" label={t("system.network.gateway")} hint={t("system.network.gatewayHint")} error={error}
                defaultValue={start.gateway} autoComplete="off" required />
              <Field name="net-dns" label={t("system.network.dns")} hint={t("system.network.dnsHint")} error={error}
                defaultValue={start.dns} autoComplete="off" required />
            </>
          ) : null}
          <button type="submit" disabled={save.busy || pending !== null}>{t("system.network.save")}</button>
        </form>
      ) : null}
      {pending ? (
        <div className="confirm" id="network-confirm" role="alertdialog" aria-labelledby="network-confirm-text">
          <p id="network-confirm-text">
            {moved ? t("system.network.confirmMoved", { url: moved }) : t("system.network.confirmMaybe")}{" "}
            {t("system.network.confirmFallback", { url: fallbackURL(page, fallback) })}
          </p>
          <button type="button" className="danger" id="network-apply" disabled={save.busy} onClick={() => apply(pending)}>
            {t("system.network.apply")}
          </button>{" "}
          <button type="button" className="secondary" id="network-cancel" onClick={() => setPending(null)}>
            {t("system.network.cancel")}
          </button>
        </div>
      ) : null}
    </section>
  );
}
