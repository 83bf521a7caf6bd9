// OutboundRulesPage lists the outbound rules, creates one, orders the
// lines a chosen rule tries and picks the extensions that may use it.
import { useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Choice } from "../components/Choice";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { ListTable } from "../components/ListTable";
import { useApp } from "../context";
import { int, text } from "../forms";
import { RuleExtensionsEditor } from "../ports/RuleExtensionsEditor";
import { RuleLinesEditor } from "../ports/RuleLinesEditor";
import { ruleLevels, type FXOLine, type GSMModule, type OutboundRule, type Trunk } from "../ports/types";
import type { Extension } from "../types";
import { useAction } from "../useAction";
import { useLoad } from "../useLoad";

export function OutboundRulesPage() {
  const { t } = useTranslation();
  const { client } = useApp();
  const rules = useLoad<OutboundRule[]>("/api/outbound-rules");
  const trunks = useLoad<Trunk[]>("/api/trunks");
  const fxo = useLoad<FXOLine[]>("/api/fxo-lines");
  const gsm = useLoad<GSMModule[]>("/api/gsm-modules");
  const extensions = useLoad<Extension[]>("/api/extensions");
  const [chosen, setChosen] = useState<number | null>(null);
  const { busy, error, run } = useAction();

  // names gives every line of the box its name, by lineKey.
  const names = useMemo(() => {
    const m = new Map<string, string>();
    for (const tr of trunks.data ?? []) m.set(`trunk:${tr.id}`, t("rules.trunkLine", { name: tr.name }));
    for (const l of fxo.data ?? []) m.set(`fxo:${l.id}`, l.name || t("ports.fxoLine", { port: l.port }));
    for (const g of gsm.data ?? []) m.set(`gsm:${g.id}`, g.name || t("live.gsmModule", { slot: g.slot }));
    return m;
  }, [trunks.data, fxo.data, gsm.data, t]);

  const submit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const form = ev.currentTarget;
    const f = new FormData(form);
    const body = { name: text(f, "name"), prefix: text(f, "prefix"), level: text(f, "level"), strip: int(f, "strip"), prepend: text(f, "prepend"), priority: int(f, "priority") };
    void run(async () => {
      const r = await client.post<OutboundRule>("/api/outbound-rules", body);
      form.reset();
      await rules.reload();
      setChosen(r.id);
    });
  };
  const rule = rules.data?.find((r) => r.id === chosen) ?? null;

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
        action={(r) => ({ text: t("rules.linesOf", { name: r.name }), onClick: () => setChosen(r.id) })} />
      {rule ? (
        <section className="card form-card" aria-labelledby="rule-title">
          <h2 id="rule-title">{rule.name}</h2>
          <RuleLinesEditor key={rule.id} rule={rule.id} names={names} />
          <RuleExtensionsEditor key={`x${rule.id}`} rule={rule.id} extensions={extensions.data ?? []} />
        </section>
      ) : null}
      <section className="card form-card" aria-labelledby="new-rule">
        <h2 id="new-rule">{t("rules.create")}</h2>
        <ErrorNotice error={error} />
        <form id="rule-form" onSubmit={submit}>
          <Field name="name" label={t("ports.name")} error={error} autoComplete="off" required />
          <Field name="prefix" label={t("rules.prefix")} hint={t("rules.prefixHint")} error={error} inputMode="tel" autoComplete="off" />
          <Choice name="level" label={t("rules.level")} error={error} defaultValue="local"
            options={ruleLevels.map((l) => ({ value: l, label: t(`extensions.levels.${l}`) }))} />
          <Field name="strip" label={t("rules.strip")} error={error} type="number" min={0} max={20} defaultValue={0} />
          <Field name="prepend" label={t("rules.prepend")} error={error} inputMode="tel" autoComplete="off" />
          <Field name="priority" label={t("rules.priority")} hint={t("rules.priorityHint")} error={error} type="number" min={0} max={1000} defaultValue={100} />
          <button type="submit" disabled={busy}>{t("rules.submit")}</button>
        </form>
      </section>
    </>
  );
}
