// CrmForm sets the CRM that the responsible-manager element asks who owns
// the caller's number: a Bitrix24 portal's inbound webhook, an amoCRM
// account with its access token, or any HTTP API that answers with the
// owner's extension.
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Choice } from "../components/Choice";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { text } from "../forms";
import { amoDomains, crmKinds, parseHeaders, timeout, type CRMConfig } from "./backends";
import { HeadersField } from "./HeadersField";
import { SecretField } from "./SecretField";
import { SettingActions } from "./SettingActions";
import { useSetting } from "./useSetting";

// crmValue reads the form into the crm setting's value: only the part of
// the chosen kind.
function crmValue(f: FormData): CRMConfig {
  const kind = text(f, "crm.kind") as CRMConfig["kind"];
  switch (kind) {
    case "bitrix24":
      return { kind, bitrix24: { webhook_url: text(f, "crm.bitrix24.webhook_url") } };
    case "amocrm":
      return { kind, amocrm: { subdomain: text(f, "crm.amocrm.subdomain"), domain: text(f, "crm.amocrm.domain"), access_token: text(f, "crm.amocrm.access_token") } };
    default:
      return {
        kind,
        api: { url: text(f, "crm.api.url"), headers: parseHeaders(String(f.get("crm.api.headers") ?? "")), extension_field: text(f, "crm.api.extension_field"), timeout_ms: timeout(text(f, "crm.api.timeout_ms")) },
      };
  }
}

export function CrmForm() {
  const { t } = useTranslation();
  const s = useSetting<CRMConfig>("crm");
  const c = s.setting?.value ?? null;
  const [kind, setKind] = useState<string>("bitrix24");
  useEffect(() => setKind(c?.kind ?? "bitrix24"), [c]);

  const submit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    s.save(crmValue(new FormData(ev.currentTarget)));
  };

  return (
    <div className="backend" id="crm">
      <h3>{t("integrations.crm.title")}</h3>
      <p className="hint">{c ? t("integrations.configured") : t("integrations.crm.none")}</p>
      <ErrorNotice error={s.loadError ?? s.error} />
      {s.setting ? (
        <form id="crm-form" key={JSON.stringify(c)} onSubmit={submit}>
          <Choice name="crm.kind" label={t("integrations.crm.kind")} error={s.error} value={kind} onChange={(e) => setKind(e.currentTarget.value)}
            options={crmKinds.map((k) => ({ value: k, label: t(`integrations.crm.kinds.${k}`) }))} />
          {kind === "bitrix24" ? (
            <SecretField name="crm.bitrix24.webhook_url" label={t("integrations.crm.webhook")} error={s.error} stored={c?.bitrix24?.webhook_url} />
          ) : null}
          {kind === "amocrm" ? (
            <>
              <Field name="crm.amocrm.subdomain" label={t("integrations.crm.subdomain")} hint={t("integrations.crm.subdomainHint")} error={s.error}
                defaultValue={c?.amocrm?.subdomain} autoComplete="off" />
              <Choice name="crm.amocrm.domain" label={t("integrations.crm.domain")} error={s.error} defaultValue={c?.amocrm?.domain || "amocrm.ru"}
                options={amoDomains.map((d) => ({ value: d, label: d }))} />
              <SecretField name="crm.amocrm.access_token" label={t("integrations.crm.token")} error={s.error} stored={c?.amocrm?.access_token} />
            </>
          ) : null}
          {kind === "api" ? (
            <>
              <Field name="crm.api.url" label={t("integrations.url")} hint={t("integrations.crm.urlHint", { caller: "{{caller}}" })} error={s.error} defaultValue={c?.api?.url}
                inputMode="url" autoComplete="off" />
              <Field name="crm.api.extension_field" label={t("integrations.crm.extensionField")} hint={t("integrations.fieldHint")} error={s.error}
                defaultValue={c?.api?.extension_field} autoComplete="off" />
              <HeadersField name="crm.api.headers" error={s.error} stored={c?.api?.headers} />
              <Field name="crm.api.timeout_ms" label={t("integrations.timeout")} error={s.error} defaultValue={c?.api?.timeout_ms || ""} inputMode="numeric" autoComplete="off" />
            </>
          ) : null}
          <SettingActions configured={c !== null} busy={s.busy} saved={s.saved} onRemove={s.remove} id="crm" />
        </form>
      ) : null}
    </div>
  );
}
