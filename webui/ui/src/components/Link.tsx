// Link is an anchor that changes the page without a reload; a click with a
// modifier key, or the middle button, opens a new tab as usual.
import type { AnchorHTMLAttributes, MouseEvent } from "react";

interface LinkProps extends AnchorHTMLAttributes<HTMLAnchorElement> {
  href: string;
  navigate: (to: string) => void;
}

export function Link({ href, navigate, onClick, ...rest }: LinkProps) {
  const click = (ev: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(ev);
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    ev.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={click} {...rest} />;
}
