// useLoad reads a path of the API while the component is mounted: the
// answer (null until it comes), the error of the last try, and reload.
import { useCallback, useEffect, useState } from "react";

import { useApp } from "./context";

export function useLoad<T>(path: string | null): { data: T | null; error: unknown; reload: () => Promise<void> } {
  const { client } = useApp();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(async () => {
    if (path === null) return;
    try {
      setData(await client.get<T>(path));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [client, path]);
  useEffect(() => {
    setData(null);
    void reload();
  }, [reload]);
  return { data, error, reload };
}
