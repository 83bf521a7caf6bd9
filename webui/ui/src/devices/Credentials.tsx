// Credentials shows a new SIP device's settings and password once, with a
// QR code for a softphone: the box keeps only hashes of the password.
import { useTranslation } from "react-i18next";

import { QrCode } from "../components/QrCode";
import type { Device } from "../ports/types";
import { softphoneURI } from "../softphone";

export function Credentials({ device, password, onDone }: { device: Device; password: string; onDone: () => void }) {
  const { t } = useTranslation();
  const uri = softphoneURI(device.sip, password);
  const row = (key: string, value: string) => (
    <div className="row">
      <dt>{t(`devices.${key}`)}</dt>
      <dd data-key={key}>{value}</dd>
    </div>
  );
  return (
    <section className="card credentials" id="credentials" aria-labelledby="credentials-title">
      <h3 id="credentials-title">{t("devices.credentials", { username: device.username })}</h3>
      <p className="warning" role="alert">{t("devices.once")}</p>
      <div className="credentials-body">
        <dl>
          {row("username", device.username)}
          {row("password", password)}
          {row("server", device.sip.server ?? t("dashboard.unknown"))}
          {row("port", device.sip.port ? String(device.sip.port) : t("dashboard.unknown"))}
          {row("realm", device.sip.realm)}
          {row("transports", device.sip.transports.join(", "))}
        </dl>
        {uri ? <QrCode text={uri} label={t("devices.qr")} /> : <p className="muted">{t("devices.noServer")}</p>}
      </div>
      <button type="button" onClick={onDone}>{t("devices.noted")}</button>
    </section>
  );
}
