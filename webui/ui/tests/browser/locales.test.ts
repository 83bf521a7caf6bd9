// Every page in Russian, Ukrainian and Polish, in a real Chromium against
// a real pbxd with the lab's demo office: no text key shows where a
// translation is missing (i18next shows the key, such as live.port.idle),
// each page's heading and the document's language are the chosen one,
// and no page scrolls sideways at a phone's width.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { messages } from "../../src/locales";
import { api, desktop, openBox, phone } from "./page";
import { startPbxd, type Pbxd } from "./pbxd";

const password = "correct horse battery";

const paths = ["/", "/extensions", "/scenarios", "/routes", "/schedules", "/prompts", "/outbound-rules", "/trunks", "/fxs-ports", "/fxo-lines", "/gsm", "/calls", "/voicemail", "/lists", "/system", "/lab"];

// same are the headings that read as in English.
const same = new Set(["ru /gsm", "uk /gsm", "pl /gsm", "pl /system"]);

// keyLike matches a text key of the app's namespaces shown as text.
const keyLike = new RegExp(`\\b(${Object.keys(messages.en).join("|")})\\.[a-z][A-Za-z0-9_.]*\\b`);

describe.sequential("every page in every language", () => {
  let pbxd: Pbxd;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const english = new Map<string, string>();

  beforeAll(async () => {
    pbxd = await startPbxd(30_000);
    ({ browser, page } = await openBox(pbxd, password, problems));
    // Something on every page: the demo office's extensions, routes and scenarios.
    const demo = await api(page, "POST", "/api/lab/demo");
    expect(demo.status, JSON.stringify(demo.body)).toBeLessThan(300);
    for (const path of paths) {
      await page.goto(`${pbxd.url}${path}`);
      english.set(path, await page.locator("h1").textContent() ?? "");
    }
  });

  afterAll(async () => {
    await browser?.close();
    await pbxd?.stop();
  });

  it.each(["ru", "uk", "pl"])("shows no text key in %s, and fits a phone", async (lang) => {
    await page.selectOption("#language", lang);
    for (const path of paths) {
      await page.goto(`${pbxd.url}${path}`);
      const h1 = page.locator("h1");
      await h1.waitFor();
      await page.waitForLoadState("networkidle");
      const text = await page.locator("body").innerText();
      expect(text.match(keyLike)?.[0], `${lang} ${path}`).toBeUndefined();
      // The heading is in the language, unless it is the same word in
      // English ("GSM"; "System" in Polish).
      if (!same.has(`${lang} ${path}`)) expect(await h1.textContent(), `${lang} ${path}`).not.toBe(english.get(path));
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      // Longer words must not push a phone's page sideways.
      await page.setViewportSize(phone);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${lang} ${path} scrolls sideways on a phone`).toBeLessThanOrEqual(0);
      await page.setViewportSize(desktop);
      for (const label of await page.locator("[aria-label]").evaluateAll((els) => els.map((e) => e.getAttribute("aria-label") ?? ""))) {
        expect(label.match(keyLike)?.[0], `${lang} ${path} aria-label`).toBeUndefined();
      }
    }
    await page.selectOption("#language", "en");
  });

  it("reported no script errors or CSP violations", () => {
    expect(problems).toEqual([]);
  });
});
