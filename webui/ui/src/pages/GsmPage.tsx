// GsmPage sets up the GSM modules: the module and its SIM, limits and FMC,
// the balance by USSD, and SMS in and out.
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { ErrorNotice } from "../components/ErrorNotice";
import { GsmModuleForm } from "../ports/GsmModuleForm";
import { GsmOptionsForm } from "../ports/GsmOptionsForm";
import { SmsBox } from "../ports/SmsBox";
import type { GSMModule } from "../ports/types";
import { UssdBox } from "../ports/UssdBox";
import { useLoad } from "../useLoad";

export function GsmPage() {
  const { t } = useTranslation();
  const modules = useLoad<GSMModule[]>("/api/gsm-modules");
  const [chosen, setChosen] = useState<number | null>(null);
  const list = modules.data ?? [];
  const m = list.find((x) => x.id === chosen) ?? list[0] ?? null;

  return (
    <>
      <ErrorNotice error={modules.error} />
      {modules.data === null ? (
        <p>{t("app.loading")}</p>
      ) : m === null ? (
        <p>{t("gsm.none")}</p>
      ) : (
        <>
          <div className="tabs" role="group" aria-label={t("gsm.modules")}>
            {list.map((x) => (
              <button key={x.id} type="button" className={x.id === m.id ? "" : "secondary"} aria-pressed={x.id === m.id}
                data-module={x.slot} onClick={() => setChosen(x.id)}>
                {x.name || t("live.gsmModule", { slot: x.slot })}
              </button>
            ))}
          </div>
          <div className="cards" key={m.id}>
            <GsmModuleForm module={m} onSaved={modules.reload} />
            <GsmOptionsForm id={m.id} />
            <UssdBox id={m.id} />
            <SmsBox slot={m.slot} />
          </div>
        </>
      )}
    </>
  );
}
