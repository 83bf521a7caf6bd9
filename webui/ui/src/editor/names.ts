// Display names of outcomes and elements in the chosen language.
import { useCallback } from "react";
import { useTranslation } from "react-i18next";

import { namedOutcomes } from "../outcomes";
import type { ElementData } from "../scenarioGraph";

// useOutcomeName returns a function naming an outcome: the translation of
// the box's outcome names, a key as "Key 1", other names as written.
export function useOutcomeName(): (o: string) => string {
  const { t } = useTranslation();
  return useCallback(
    (o: string) => {
      if ((namedOutcomes as readonly string[]).includes(o)) return t(`outcomes.${o}`);
      if (/^[0-9*#]$/.test(o)) return t("outcomes.key", { key: o });
      return o;
    },
    [t],
  );
}

// useElementName returns a function naming an element: its label, else
// its kind, with its ID.
export function useElementName(): (d: ElementData) => string {
  const { t } = useTranslation();
  return useCallback((d: ElementData) => `${d.label || (d.known ? t(`kinds.${d.kind}`) : d.kind)} (${d.id})`, [t]);
}
