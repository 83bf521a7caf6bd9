// OutboundRulesPage lists the outbound rules, creates, changes and deletes
// one, orders the lines a chosen rule tries and picks the extensions that
// may use it.
import { useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Choice } from "../components/Choice";
import { ConfirmButton } from "../components/ConfirmButton";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { ListTable } from "../components/ListTable";
import { useApp } from "../context";
import { RuleExtensionsEditor } from "../ports/RuleExtensionsEditor";
import { RuleLinesEditor } from "../ports/RuleLinesEditor";
import { ruleBody } from "../ports/ruleForm";
import { ruleLevels, type FXOLine, type GSMModule, type OutboundRule, type Trunk } from "../ports/types";
import type { Extension } from "../types";
import { useAction } from "../useAction";
import { useLoad } from "../useLoad";
import { useFocusOn } from "../useFocusOn";

export function OutboundRulesPage() {
  const { t } = useTranslation();
  const { client } = useApp();
  const rules = useLoad<OutboundRule[]>("/api/outbound-rules");
  const trunks = useLoad<Trunk[]>("/api/trunks");
  const fxo = useLoad<FXOLine[]>("/api/fxo-lines");
  const gsm = useLoad<GSMModule[]>("/api/gsm-modules");
  const extensions = useLoad<Extension[]>("/api/extensions");
  const [chosen, setChosen] = useState<number | null>(null);
  const { busy, error, setError, run } = useAction();
  const [saved, setSaved] = useState("");
  useFocusOn("field-name", chosen);

  // names gives every line of the box its name, by lineKey.
  const names = useMemo(() => {
    const m = new Map<string, string>();
    for (const tr of trunks.data ?? []) m.set(`trunk:${tr.id}`, t("rules.trunkLine", { name: tr.name }));
    for (const l of fxo.data ?? []) m.set(`fxo:${l.id}`, l.name || t("ports.fxoLine", { port: l.port }));
    for (const g of gsm.data ?? []) m.set(`gsm:${g.id}`, g.name || t("live.gsmModule", { slot: g.slot }));
    return m;
  }, [trunks.data, fxo.data, gsm.data, t]);

  const rule = rules.data?.find((r) => r.id === chosen) ?? null;

  // submit creates a rule, or changes the chosen one.
  const submit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const form = ev.currentTarget;
    const body = ruleBody(new FormData(form));
    setSaved("");
    void run(async () => {
      const r = rule ? await client.put<OutboundRule>(`/api/outbound-rules/${rule.id}`, body) : await client.post<OutboundRule>("/api/outbound-rules", body);
      setSaved(t("ports.saved", { name: r.name }));
      await rules.reload();
      setChosen(r.id);
    });
  };
  const remove = (r: OutboundRule) => {
    setSaved("");
    void run(async () => {
      await client.request("DELETE", `/api/outbound-rules/${r.id}`);
      setChosen(null);
      setSaved(t("removal.deleted", { name: r.name }));
      await rules.reload();
    });
  };
  const choose = (id: number | null) => {
    setChosen(id);
    setError(null);
    setSaved("");
  };

  return (
    <>
      <ErrorNotice error={rules.error} />
      <ListTable id="rules" label={t("pages.rules")} rows={rules.data} empty={t("rules.empty")} rowKey={(r) => r.id} rowData={(r) => ({ rule: r.name })}
        columns={[
          { head: t("ports.name"), cell: (r) => r.name },
          { head: t("rules.prefix"), cell: (r) => r.prefix || t("rules.anyNumber") },
          { head: t("rules.level"), cell: (r) => t(`extensions.levels.${r.level}`) },
          { head: t("rules.priority"), cell: (r) => r.priority },
        ]}
        action={(r) => ({ text: t("people.rules.change", { name: r.name }), onClick: () => choose(r.id) })} />
      {saved ? <p className="ok" role="status" id="saved">{saved}</p> : null}
      <section className="card form-card" aria-labelledby="rule-title">
        <h2 id="rule-title">{rule ? rule.name : t("rules.create")}</h2>
        {rule ? <button type="button" className="link" onClick={() => choose(null)}>{t("rules.create")}</button> : null}
        <ErrorNotice error={error} />
        <form id="rule-form" key={rule?.id ?? "new"} onSubmit={submit}>
          <Field name="name" label={t("ports.name")} error={error} defaultValue={rule?.name} autoComplete="off" required />
          <Field name="prefix" label={t("rules.prefix")} hint={t("rules.prefixHint")} error={error} defaultValue={rule?.prefix} inputMode="tel" autoComplete="off" />
          <Choice name="level" label={t("rules.level")} error={error} defaultValue={rule?.level ?? "local"}
            options={ruleLevels.map((l) => ({ value: l, label: t(`extensions.levels.${l}`) }))} />
          <Field name="strip" label={t("rules.strip")} error={error} type="number" min={0} max={20} defaultValue={rule?.strip ?? 0} />
          <Field name="prepend" label={t("rules.prepend")} error={error} defaultValue={rule?.prepend} inputMode="tel" autoComplete="off" />
          <Field name="priority" label={t("rules.priority")} hint={t("rules.priorityHint")} error={error} type="number" min={0} max={1000} defaultValue={rule?.priority ?? 100} />
          <div className="buttons">
            <button type="submit" disabled={busy}>{rule ? t("ports.save") : t("rules.submit")}</button>
            {rule ? <ConfirmButton key={rule.id} id="rule-delete" label={t("removal.delete")} confirmLabel={t("removal.confirm", { name: rule.name })} busy={busy} onConfirm={() => remove(rule)} /> : null}
          </div>
        </form>
        {rule ? (
          <>
            <RuleLinesEditor key={rule.id} rule={rule.id} names={names} />
            <RuleExtensionsEditor key={`x${rule.id}`} rule={rule.id} extensions={extensions.data ?? []} />
          </>
        ) : null}
      </section>
    </>
  );
}
