// useFocusOn moves the keyboard's focus to the element with id when key
// changes to a value other than null: a row's "Change" button fills the
// form further down, where a keyboard user goes next. The first render
// leaves the focus alone.
import { useEffect, useRef } from "react";

export function useFocusOn(id: string, key: unknown) {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (key !== null) document.getElementById(id)?.focus();
  }, [id, key]);
}
