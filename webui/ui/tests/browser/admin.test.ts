// The admin UI in a real Chromium against a real pbxd: first-run setup with
// the code from pbxd's output, the live dashboard, languages, extensions, a
// scenario's graph, keyboard use, and screenshots of each page at desktop
// and phone widths in test-results/.
import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { launchChromium } from "./chromium";
import { api, desktop, screenshot as shoot, shots, watch as watchPage } from "./page";
import { startPbxd, type Pbxd } from "./pbxd";

const password = "correct horse battery";

// A scenario written through the API: voice menu, key 1 to a ring group
// (positions left out, so the editor lays it out).
const menuScenario = {
  schema: 1,
  elements: [
    { id: "in", type: "incoming", next: { next: "menu" } },
    { id: "menu", type: "menu", label: "Main menu", params: { prompt: { text: "For sales press 1" }, keys: ["1"] }, next: { "1": "sales", no_input: "bye", invalid: "bye" } },
    { id: "sales", type: "group", label: "Sales", params: { members: ["101", "102"], strategy: "all", total: 20 }, next: { next: "bye" } },
    { id: "bye", type: "hangup", params: {} },
  ],
};

describe.sequential("admin web UI", () => {
  let pbxd: Pbxd;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  let firstRevision = "";

  const watch = (p: Page) => watchPage(p, problems);
  const screenshot = (name: string) => shoot(page, name);

  // submitRefused submits form, which the box must refuse: the page shows
  // the box's message with each of texts, and marks field invalid.
  const submitRefused = async (form: string, field: string, texts: string[]) => {
    await page.click(`${form} button[type=submit]`);
    const alert = page.locator(`${form}`).locator("xpath=..").getByRole("alert");
    await alert.waitFor();
    for (const text of texts) expect(await alert.textContent()).toContain(text);
    expect(await page.getAttribute(`#field-${field}`, "aria-invalid")).toBe("true");
  };

  const nav = (name: RegExp | string) => page.getByRole("navigation").getByRole("link", { name });

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    pbxd = await startPbxd();
    browser = await launchChromium();
    context = await browser.newContext({ locale: "en-US", viewport: desktop });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    watch(page);
  });

  afterAll(async () => {
    await browser?.close();
    await pbxd?.stop();
  });

  it("refuses a wrong setup code on the page", async () => {
    await page.goto(pbxd.url);
    await expect.poll(() => page.locator("h1").textContent()).toBe("First-time setup");
    await screenshot("setup");
    await page.fill("#field-code", "AAAA-AAAA-AAAA");
    await page.fill("#field-password", password);
    await submitRefused("#setup-form", "code", ["wrong setup code", "Field: code"]);
    await screenshot("setup-refused");
  });

  it("sets the password with the right code and shows the live dashboard", async () => {
    await page.fill("#field-code", pbxd.setupCode.toLowerCase());
    await page.fill("#field-password", password);
    await page.click("#setup-form button[type=submit]");
    await page.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor();
    await expect.poll(() => page.textContent("#live")).toBe("live");
    // pbxd gives each port of the board a configuration row on its first
    // start, so the revision is a number, not necessarily 0.
    await expect.poll(() => page.textContent('[data-key="revision"]')).toMatch(/^\d+$/);
    firstRevision = (await page.textContent('[data-key="revision"]')) ?? "";
    await expect.poll(() => page.textContent('[data-key="extensions"]')).toBe("0");
    expect(await page.title()).toBe("Dashboard · Hookflash");
    await screenshot("dashboard");
  });

  it("follows the browser's language, Polish here", async () => {
    const pl = await browser.newContext({ locale: "pl-PL", viewport: desktop });
    const p = await pl.newPage();
    watch(p);
    await p.goto(pbxd.url);
    await p.getByRole("heading", { level: 1, name: "Logowanie" }).waitFor();
    expect(await p.getAttribute("html", "lang")).toBe("pl");
    await pl.close();
  });

  it("switches to Russian: the navigation and the page are in Russian", async () => {
    await page.selectOption("#language", "ru");
    await nav("Внутренние номера").waitFor();
    expect(await page.getByRole("navigation").getByRole("link").allTextContents()).toEqual(["Панель", "Внутренние номера", "Сценарии", "Входящие маршруты", "Расписания", "Записи", "Исходящие правила", "SIP-транки", "Порты FXS", "Линии FXO", "GSM", "Журнал звонков", "Голосовая почта", "Списки", "Группы и очереди", "Система", "Лаборатория"]);
    expect(await page.getAttribute("html", "lang")).toBe("ru");
    await page.getByRole("heading", { level: 1, name: "Панель" }).waitFor();
    await screenshot("dashboard-ru");
  });

  it("creates two extensions, with the dashboard following live", async () => {
    await nav("Внутренние номера").click();
    await page.getByRole("heading", { level: 1, name: "Внутренние номера" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/extensions");
    for (const [number, name] of [["101", "Анна"], ["102", "Борис"]]) {
      await page.fill("#field-number", number);
      await page.fill("#field-name", name);
      await page.click("#extension-form button[type=submit]");
      await expect.poll(() => page.textContent("#created")).toBe(`Номер ${number} создан.`);
      await page.locator(`tr[data-number="${number}"]`).waitFor();
    }
    expect(await page.textContent("#extension-count")).toBe("2 номера");

    // A number the box refuses: its message, and the field marked.
    await page.fill("#field-number", "1");
    await page.fill("#field-name", "Too short");
    await submitRefused("#extension-form", "number", ["must be 2 to 6 digits", "Поле: number"]);
    await screenshot("extensions");

    await nav("Панель").click();
    await expect.poll(() => page.textContent('[data-key="extensions"]')).toBe("2");
    await expect.poll(() => page.textContent('[data-key="revision"]')).not.toBe(firstRevision);
  });

  it("shows a scenario's graph in the editor, with the palette in the chosen language", async () => {
    const created = await api(page, "POST", "/api/scenarios", { name: "Office hours", document: menuScenario });
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    await nav("Сценарии").click();
    await page.getByRole("link", { name: "Открыть Office hours" }).click();
    await page.getByRole("heading", { level: 1, name: "Office hours" }).waitFor();
    await expect.poll(() => page.locator(".react-flow__node").count()).toBe(4);
    // in -> menu; menu 1 -> sales, no_input -> bye, invalid -> bye; sales -> bye: an arrow per outcome.
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(5);
    expect(await page.locator(".react-flow__edge-text").allTextContents()).toContain("нет ввода");
    expect(await page.locator('[data-element="menu"] [data-outcome]').allTextContents()).toEqual(["клавиша 1", "нет ввода", "неверный ввод"]);
    expect(await page.textContent('[data-element="menu"]')).toContain("Голосовое меню");
    expect(await page.textContent('#palette [data-kind="menu"]')).toBe("Голосовое меню");
    expect(await page.locator("#palette li").count()).toBe(26);
    await screenshot("scenario-ru");

    await page.selectOption("#language", "en");
    await expect.poll(() => page.textContent('#palette [data-kind="menu"]')).toBe("Voice menu");
    expect(await page.textContent('[data-element="sales"]')).toContain("Department (ring group)");
    await screenshot("scenario");
    await nav("Scenarios").click();
    await page.getByRole("link", { name: "Open Office hours" }).waitFor();
    expect(await page.textContent("#scenarios")).toContain("4 elements");
    await screenshot("scenarios");
  });

  it("loads a page by its address, and is usable by keyboard", async () => {
    await page.goto(`${pbxd.url}/extensions`);
    await page.selectOption("#language", "en");
    await page.getByRole("heading", { level: 1, name: "Extensions" }).waitFor();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    // Skip link, then the navigation: Dashboard, Extensions, Scenarios.
    for (let i = 0; i < 3; i++) await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Scenarios");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Scenarios" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/scenarios");
    await page.goBack();
    await page.getByRole("heading", { level: 1, name: "Extensions" }).waitFor();
  });

  it("logs out, refuses a wrong password, and logs in again", async () => {
    await page.click("#logout");
    await page.getByRole("heading", { level: 1, name: "Log in" }).waitFor();
    await page.fill("#field-username", "admin");
    await page.fill("#field-password", "not the password");
    await page.click("#login-form button[type=submit]");
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("wrong user name or password");
    await screenshot("login");
    await page.fill("#field-password", password);
    await page.click("#login-form button[type=submit]");
    await page.getByRole("heading", { level: 1, name: "Extensions" }).waitFor();
  });

  it("reported no script errors or CSP violations", () => {
    expect(problems).toEqual([]);
  });
});
