// GroupsPage keeps the named ring groups and queues that scenarios' group
// and queue elements refer to by ID: list them, create, edit and delete
// one. Deleting one that a scenario uses is refused with the scenario's
// name.
import { useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Check, Choice } from "../components/Choice";
import { ConfirmButton } from "../components/ConfirmButton";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { ListTable } from "../components/ListTable";
import { useApp } from "../context";
import { keypad } from "../elementParams";
import { renameField } from "../prefixedFields";
import { groupBody, memberName, queueBody } from "../groups/forms";
import { MemberList } from "../groups/MemberList";
import { groupStrategies, queueStrategies, type CallQueue, type RingGroup } from "../groups/types";
import "../groups/groups.css";
import type { Extension } from "../types";
import { useAction } from "../useAction";
import { useLoad } from "../useLoad";

interface Prompt {
  id: number;
  name: string;
}

export function GroupsPage() {
  const { t } = useTranslation();
  const exts = useLoad<Extension[]>("/api/extensions");
  const names = useMemo(() => new Map((exts.data ?? []).map((x) => [x.number, x.name])), [exts.data]);
  const numbers = useMemo(() => (exts.data ?? []).map((x) => x.number), [exts.data]);
  const [saved, setSaved] = useState("");
  return (
    <>
      <p className="hint">{t("groups.intro")}</p>
      <ErrorNotice error={exts.error} />
      {saved ? <p className="ok" role="status" id="groups-saved">{saved}</p> : null}
      <RingGroupsSection numbers={numbers} names={names} onSaved={setSaved} />
      <QueuesSection numbers={numbers} names={names} onSaved={setSaved} />
    </>
  );
}

interface SectionProps {
  numbers: string[];
  names: ReadonlyMap<string, string>;
  onSaved: (text: string) => void;
}

function RingGroupsSection({ numbers, names, onSaved }: SectionProps) {
  const { t } = useTranslation();
  const groups = useLoad<RingGroup[]>("/api/ring-groups");
  const [editing, setEditing] = useState<RingGroup | null>(null);
  const [opened, setOpened] = useState(0); // a new form for each group opened
  const open = (g: RingGroup | null) => {
    setEditing(g);
    setOpened((n) => n + 1);
  };
  return (
    <section className="card" aria-labelledby="ring-groups-title">
      <h2 id="ring-groups-title">{t("groups.groups")}</h2>
      <ErrorNotice error={groups.error} />
      <ListTable id="ring-groups" label={t("groups.groups")} rows={groups.data} empty={t("groups.noGroups")} rowKey={(g) => g.id}
        rowData={(g) => ({ group: g.name })}
        columns={[
          { head: t("groups.name"), cell: (g) => g.name },
          { head: t("groups.members"), key: "members", cell: (g) => g.members.map((n) => memberName(n, names)).join(", ") },
          { head: t("groups.strategy"), key: "strategy", cell: (g) => t(`groups.groupStrategies.${g.strategy}`) },
          { head: t("groups.id"), key: "id", cell: (g) => g.id },
        ]}
        action={(g) => ({ text: t("groups.edit", { name: g.name }), onClick: () => open(g), data: { edit: g.name } })} />
      <GroupForm key={opened} group={editing} numbers={numbers} names={names}
        onDone={async (text) => {
          await groups.reload();
          open(null);
          onSaved(text);
        }} />
    </section>
  );
}

function GroupForm({ group, numbers, names, onDone }: { group: RingGroup | null; numbers: string[]; names: ReadonlyMap<string, string>; onDone: (text: string) => Promise<void> }) {
  const { t } = useTranslation();
  const { client } = useApp();
  const [members, setMembers] = useState<string[]>(group?.members ?? []);
  const [strategy, setStrategy] = useState<string>(group?.strategy ?? "all");
  const save = useAction();
  const remove = useAction();
  const submit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const body = groupBody(new FormData(ev.currentTarget), members);
    void save.run(async () => {
      const out = group ? await client.put<RingGroup>(`/api/ring-groups/${group.id}`, body) : await client.post<RingGroup>("/api/ring-groups", body);
      await onDone(t(group ? "groups.groupSaved" : "groups.groupCreated", { name: out.name, id: out.id }));
    });
  };
  const del = () =>
    void remove.run(async () => {
      await client.request("DELETE", `/api/ring-groups/${group!.id}`);
      await onDone(t("groups.deleted", { name: group!.name }));
    });
  const title = group ? t("groups.editGroup", { name: group.name }) : t("groups.newGroup");
  return (
    <div className="form-card" id="group-card">
      <h3 id="group-form-title">{title}</h3>
      <ErrorNotice error={save.error ?? remove.error} />
      <form id="group-form" aria-labelledby="group-form-title" onSubmit={submit}>
        <Field name="name" label={t("groups.name")} error={save.error} defaultValue={group?.name} maxLength={64} autoComplete="off" required />
        <MemberList id="group-members" label={t("groups.members")} hint={t("groups.skipHint")} members={members} numbers={numbers} names={names} onChange={setMembers} />
        <Choice name="strategy" label={t("groups.strategy")} error={save.error} value={strategy} onChange={(e) => setStrategy(e.currentTarget.value)}
          options={groupStrategies.map((s) => ({ value: s, label: t(`groups.groupStrategies.${s}`) }))} />
        {strategy === "all" ? null : (
          <Field name="step" label={t("groups.step")} hint={t("groups.stepHint")} error={save.error} type="number" min={5} max={30} defaultValue={group?.step || 10} required />
        )}
        <Field name="total" label={t("groups.total")} hint={t("groups.totalHint")} error={save.error} type="number" min={15} max={600} defaultValue={group?.total ?? 60} required />
        <div className="buttons">
          <button type="submit" disabled={save.busy}>{group ? t("groups.save") : t("groups.createGroup")}</button>
          {group ? <ConfirmButton label={t("groups.delete")} confirmLabel={t("groups.confirmDelete", { name: group.name })} id="delete-group" busy={remove.busy} onConfirm={del} /> : null}
        </div>
      </form>
    </div>
  );
}

function QueuesSection({ numbers, names, onSaved }: SectionProps) {
  const { t } = useTranslation();
  const queues = useLoad<CallQueue[]>("/api/queues");
  const prompts = useLoad<Prompt[]>("/api/prompts");
  const [editing, setEditing] = useState<CallQueue | null>(null);
  const [opened, setOpened] = useState(0);
  const open = (q: CallQueue | null) => {
    setEditing(q);
    setOpened((n) => n + 1);
  };
  return (
    <section className="card" aria-labelledby="queues-title">
      <h2 id="queues-title">{t("groups.queues")}</h2>
      <ErrorNotice error={queues.error} />
      <ListTable id="queues" label={t("groups.queues")} rows={queues.data} empty={t("groups.noQueues")} rowKey={(q) => q.id}
        rowData={(q) => ({ queue: q.name })}
        columns={[
          { head: t("groups.name"), cell: (q) => q.name },
          { head: t("groups.agents"), key: "agents", cell: (q) => q.agents.map((n) => memberName(n, names)).join(", ") },
          { head: t("groups.strategy"), key: "strategy", cell: (q) => t(`groups.queueStrategies.${q.strategy}`) },
          { head: t("groups.maxWait"), key: "max_wait", cell: (q) => q.max_wait },
          { head: t("groups.id"), key: "id", cell: (q) => q.id },
        ]}
        action={(q) => ({ text: t("groups.edit", { name: q.name }), onClick: () => open(q), data: { edit: q.name } })} />
      <QueueForm key={opened} queue={editing} numbers={numbers} names={names} prompts={prompts.data ?? []}
        onDone={async (text) => {
          await queues.reload();
          open(null);
          onSaved(text);
        }} />
    </section>
  );
}

function QueueForm({ queue, numbers, names, prompts, onDone }: {
  queue: CallQueue | null; numbers: string[]; names: ReadonlyMap<string, string>; prompts: Prompt[]; onDone: (text: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const { client } = useApp();
  const [agents, setAgents] = useState<string[]>(queue?.agents ?? []);
  const [announce, setAnnounce] = useState(queue?.announce_position ?? false);
  const save = useAction();
  const remove = useAction();
  const submit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const body = queueBody(new FormData(ev.currentTarget), agents, "q-");
    void save.run(async () => {
      const out = queue ? await client.put<CallQueue>(`/api/queues/${queue.id}`, body) : await client.post<CallQueue>("/api/queues", body);
      await onDone(t(queue ? "groups.queueSaved" : "groups.queueCreated", { name: out.name, id: out.id }));
    });
  };
  const del = () =>
    void remove.run(async () => {
      await client.request("DELETE", `/api/queues/${queue!.id}`);
      await onDone(t("groups.deleted", { name: queue!.name }));
    });
  const title = queue ? t("groups.editQueue", { name: queue.name }) : t("groups.newQueue");
  // The fields are named q- and the API's name, so that they do not
  // clash with the group form's on the same page.
  const err = renameField(save.error, "q-");
  return (
    <div className="form-card" id="queue-card">
      <h3 id="queue-form-title">{title}</h3>
      <ErrorNotice error={save.error ?? remove.error} />
      <form id="queue-form" aria-labelledby="queue-form-title" onSubmit={submit}>
        <Field name="q-name" label={t("groups.name")} error={err} defaultValue={queue?.name} maxLength={64} autoComplete="off" required />
        <MemberList id="queue-agents" label={t("groups.agents")} hint={t("groups.agentsHint")} members={agents} numbers={numbers} names={names} onChange={setAgents} />
        <Choice name="q-strategy" label={t("groups.strategy")} error={err} defaultValue={queue?.strategy ?? "ring_all"}
          options={queueStrategies.map((s) => ({ value: s, label: t(`groups.queueStrategies.${s}`) }))} />
        <Field name="q-ring_time" label={t("groups.ringTime")} hint={t("groups.ringTimeHint")} error={err} type="number" min={0} max={120} defaultValue={queue?.ring_time || ""} />
        <Field name="q-max_wait" label={t("groups.maxWait")} hint={t("groups.maxWaitHint")} error={err} type="number" min={15} max={3600} defaultValue={queue?.max_wait ?? 300} required />
        <Choice name="q-music_prompt_id" label={t("groups.music")} error={err} defaultValue={queue?.music_prompt_id ? String(queue.music_prompt_id) : ""}
          options={[{ value: "", label: t("groups.routeMusic") }, ...prompts.map((p) => ({ value: String(p.id), label: p.name }))]} />
        <Check name="q-early_media" label={t("groups.earlyMedia")} error={err} defaultChecked={queue?.early_media ?? false} aria-describedby="early-media-hint" />
        <p className="hint" id="early-media-hint">{t("groups.earlyMediaHint")}</p>
        <Check name="q-announce_position" label={t("groups.announcePosition")} error={err} checked={announce} onChange={(e) => setAnnounce(e.currentTarget.checked)} />
        {announce ? (
          <>
            <Field name="q-position_text" label={t("groups.positionText")} hint={t("groups.positionTextHint", { position: "{{position}}" })} error={err} defaultValue={queue?.position_text} maxLength={200} autoComplete="off" />
            <Field name="q-language" label={t("groups.language")} hint={t("groups.languageHint")} error={err} defaultValue={queue?.language} maxLength={16} autoComplete="off" />
          </>
        ) : null}
        <Field name="q-announce_every" label={t("groups.announceEvery")} hint={t("groups.announceEveryHint")} error={err} type="number" min={0} max={600} defaultValue={queue?.announce_every || ""} />
        <Choice name="q-exit_key" label={t("groups.exitKey")} error={err} defaultValue={queue?.exit_key ?? ""}
          options={[{ value: "", label: t("groups.noExitKey") }, ...keypad.map((k) => ({ value: k, label: k }))]} />
        <p className="hint" id="exit-hint">{t("groups.exitHint")}</p>
        <div className="buttons">
          <button type="submit" disabled={save.busy}>{queue ? t("groups.save") : t("groups.createQueue")}</button>
          {queue ? <ConfirmButton label={t("groups.delete")} confirmLabel={t("groups.confirmDelete", { name: queue.name })} id="delete-queue" busy={remove.busy} onConfirm={del} /> : null}
        </div>
      </form>
    </div>
  );
}
