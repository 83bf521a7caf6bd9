// NetworkSection shows the box's interfaces and addresses. The image sets
// them (DHCP and the fallback address), so the page shows them only.
import { useTranslation } from "react-i18next";

import { ErrorNotice } from "../components/ErrorNotice";
import { ListTable } from "../components/ListTable";
import { useLoad } from "../useLoad";
import type { NetInterface } from "./types";

export function NetworkSection() {
  const { t } = useTranslation();
  const net = useLoad<{ interfaces: NetInterface[]; sip_addr: string }>("/api/system/network");
  return (
    <section className="card" aria-labelledby="network-title" id="network">
      <h2 id="network-title">{t("system.network.title")}</h2>
      <ErrorNotice error={net.error} />
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
      <p className="hint">{t("system.network.hint")}</p>
    </section>
  );
}
