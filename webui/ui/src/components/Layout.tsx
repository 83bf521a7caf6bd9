// Layout is the frame of every page after login: a skip link, the header
// with the navigation, the language switcher and logout, and the page.
import { useEffect, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { useApp } from "../context";
import { LanguageSwitcher } from "./LanguageSwitcher";
import { Link } from "./Link";

const navItems = [
  { href: "/", key: "nav.dashboard", section: "dashboard" },
  { href: "/extensions", key: "nav.extensions", section: "extensions" },
  { href: "/scenarios", key: "nav.scenarios", section: "scenarios" },
  { href: "/routes", key: "pages.routes", section: "routes" },
  { href: "/schedules", key: "schedules.title", section: "schedules" },
  { href: "/prompts", key: "prompts.title", section: "prompts" },
  { href: "/outbound-rules", key: "pages.rules", section: "rules" },
  { href: "/trunks", key: "pages.trunks", section: "trunks" },
  { href: "/fxs-ports", key: "pages.fxs", section: "fxs" },
  { href: "/fxo-lines", key: "pages.fxo", section: "fxo" },
  { href: "/gsm", key: "pages.gsm", section: "gsm" },
  { href: "/calls", key: "calls.title", section: "calls" },
  { href: "/voicemail", key: "voicemail.title", section: "voicemail" },
  { href: "/lists", key: "lists.nav", section: "lists" },
  { href: "/groups", key: "groups.nav", section: "groups" },
  { href: "/system", key: "system.title", section: "system" },
  { href: "/lab", key: "nav.lab", section: "lab" },
] as const;

interface LayoutProps {
  section: string;
  // lab is true on the simulated board, which has the lab page.
  lab: boolean;
  title: string;
  onLogout: () => void;
  children: ReactNode;
}

export function Layout({ section, lab, title, onLogout, children }: LayoutProps) {
  const { t } = useTranslation();
  const { session, navigate } = useApp();
  useEffect(() => {
    document.title = `${title} · ${t("app.name")}`;
  }, [title, t]);
  return (
    <>
      <a className="skip" href="#content">
        {t("nav.skip")}
      </a>
      <header className="top">
        <span className="brand">{t("app.name")}</span>
        <nav aria-label={t("nav.label")} id="nav">
          <ul>
            {navItems.filter((n) => lab || n.section !== "lab").map((n) => (
              <li key={n.href}>
                <Link href={n.href} navigate={navigate} aria-current={n.section === section ? "page" : undefined}>
                  {t(n.key)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="tools">
          <LanguageSwitcher />
          <span className="user" title={t("nav.signedIn", { user: session.username })}>
            {session.username}
          </span>
          <button type="button" id="logout" onClick={onLogout}>
            {t("nav.logout")}
          </button>
        </div>
      </header>
      <main id="content" tabIndex={-1}>
        <h1>{title}</h1>
        {children}
      </main>
    </>
  );
}
