// MemberList edits an ordered list of extension numbers: add one from a
// select, move one up or down, remove one; every control is a button or a
// select, so the list is edited by keyboard as well as by touch.
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { moveLine, removeLine } from "../ruleLines";
import { addMember, memberName } from "./forms";

interface MemberListProps {
  id: string; // the list's id; the add select is `${id}-add`
  label: string;
  hint?: string;
  members: string[];
  numbers: string[]; // every extension number, to choose from
  names: ReadonlyMap<string, string>;
  onChange: (members: string[]) => void;
}

export function MemberList({ id, label, hint, members, numbers, names, onChange }: MemberListProps) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState("");
  const free = numbers.filter((n) => !members.includes(n));
  const name = (n: string) => memberName(n, names);
  return (
    <fieldset className="member-list">
      <legend id={`${id}-label`}>{label}</legend>
      {hint ? <p className="hint" id={`${id}-hint`}>{hint}</p> : null}
      {members.length === 0 ? <p className="muted">{t("groups.noMembers")}</p> : null}
      <ol id={id} aria-labelledby={`${id}-label`}>
        {members.map((n, i) => (
          <li key={n} data-member={n}>
            <span className="line-name">{name(n)}</span>
            <button type="button" className="secondary" data-move="up" disabled={i === 0}
              aria-label={t("rules.up", { name: name(n) })} onClick={() => onChange(moveLine(members, i, i - 1))}>↑</button>
            <button type="button" className="secondary" data-move="down" disabled={i === members.length - 1}
              aria-label={t("rules.down", { name: name(n) })} onClick={() => onChange(moveLine(members, i, i + 1))}>↓</button>
            <button type="button" className="secondary" data-move="remove"
              aria-label={t("rules.remove", { name: name(n) })} onClick={() => onChange(removeLine(members, i))}>✕</button>
          </li>
        ))}
      </ol>
      <div className="inline-row">
        <label htmlFor={`${id}-add`} className="visually-hidden">{t("groups.addMember")}</label>
        <select id={`${id}-add`} value={adding} onChange={(e) => setAdding(e.currentTarget.value)}>
          <option value="">{t("groups.chooseMember")}</option>
          {free.map((n) => (
            <option key={n} value={n}>{name(n)}</option>
          ))}
        </select>
        <button type="button" className="secondary" id={`${id}-add-button`} disabled={adding === ""} onClick={() => {
          onChange(addMember(members, adding));
          setAdding("");
        }}>{t("groups.addMember")}</button>
      </div>
    </fieldset>
  );
}
