// useSetting reads a box-wide setting and saves or removes it, with the
// box's refusal pointing at the form field it concerns (onForm).
import { useState } from "react";

import { useApp } from "../context";
import type { Setting } from "../system/types";
import { useAction } from "../useAction";
import { useLoad } from "../useLoad";
import { onForm } from "./backends";

export function useSetting<T>(key: string) {
  const { client } = useApp();
  const setting = useLoad<Setting<T>>(`/api/settings/${key}`);
  const action = useAction();
  const [saved, setSaved] = useState<"" | "saved" | "removed">("");
  const change = (f: () => Promise<unknown>, done: "saved" | "removed") => {
    setSaved("");
    void action.run(async () => {
      try {
        await f();
      } catch (e) {
        throw onForm(key, e);
      }
      await setting.reload();
      setSaved(done);
    });
  };
  return {
    setting: setting.data,
    loadError: setting.error,
    busy: action.busy,
    error: action.error,
    saved,
    save: (value: unknown) => change(() => client.put(`/api/settings/${key}`, { value }), "saved"),
    remove: () => change(() => client.request("DELETE", `/api/settings/${key}`), "removed"),
  };
}
