// Client-side navigation with the History API: the app changes pages
// without reloading, and the browser's back button works.
import { useCallback, useEffect, useState } from "react";

// useLocationPath returns the current path and a function that goes to
// another one.
export function useLocationPath(): [string, (to: string) => void] {
  const [path, setPath] = useState(() => window.location.pathname);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);
  const navigate = useCallback((to: string) => {
    if (to !== window.location.pathname) window.history.pushState(null, "", to);
    setPath(to);
    window.scrollTo(0, 0);
  }, []);
  return [path, navigate];
}
