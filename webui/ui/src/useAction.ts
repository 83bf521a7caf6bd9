// useAction runs a form's request: busy while it runs, the error of the
// last try (null after a success) for ErrorNotice and the fields.
import { useCallback, useState } from "react";

export function useAction(): {
  busy: boolean;
  error: unknown;
  setError: (e: unknown) => void;
  run: (f: () => Promise<void>) => Promise<boolean>;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // run reports whether f succeeded.
  const run = useCallback(async (f: () => Promise<void>) => {
    setBusy(true);
    try {
      await f();
      setError(null);
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
