// useNow returns the time (ms since the epoch), renewed every periodMs
// while active: active calls' durations tick on the page without asking
// the box.
import { useEffect, useState } from "react";

export function useNow(active: boolean, periodMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), periodMs);
    return () => clearInterval(timer);
  }, [active, periodMs]);
  return now;
}
