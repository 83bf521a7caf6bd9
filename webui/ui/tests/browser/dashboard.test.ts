// The dashboard's alarms, in a real Chromium against a real pbxd on the
// simulated board: a PSTN line unplugged and a SIM the network refuses
// raise alarms on the open dashboard without a reload, worded in the
// chosen language, and the alarms go when both are put right; a GSM
// module's usage shows against the limits set for it, and a trunk still
// registering shows as such. A call from the PSTN into a voice menu shows
// its scenario path live, in words, as it moves on; its call log still
// names the menu as the call saw it after the scenario is edited. A PSTN
// line's country is picked from those whose tones the box knows.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { api, labPost, openBox, screenshot } from "./page";
import { startPbxd, type Pbxd } from "./pbxd";

const password = "correct horse battery";

describe.sequential("dashboard alarms, GSM usage and trunk states", () => {
  let pbxd: Pbxd;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const polls: string[] = []; // GET /api/telephony and /api/status once the page is open

  beforeAll(async () => {
    pbxd = await startPbxd(30_000);
    ({ browser, page } = await openBox(pbxd, password, problems));
  });

  afterAll(async () => {
    await browser?.close();
    await pbxd?.stop();
  });

  it("raises no alarm on a healthy box", async () => {
    await expect.poll(() => page.locator("#live").getAttribute("class")).toContain("live");
    await page.locator('[data-gsm="1"]').waitFor();
    expect(await page.locator("#alarms").count()).toBe(0);
    // The system card gives pbxd's resident memory, in MB.
    await expect.poll(() => page.locator('[data-key="resident"]').textContent()).toMatch(/^\d+([.,]\d+)? MB$/);
  });

  it("shows a PSTN line unplugged and a SIM refused, live and in the chosen language", async () => {
    page.on("request", (r) => {
      const path = new URL(r.url()).pathname;
      if (r.method() === "GET" && (path === "/api/telephony" || path === "/api/status")) polls.push(path);
    });
    await labPost(page, "lines/fxo1/present", { present: false });
    await labPost(page, "gsm/gsm2/register", { stat: 3 });
    const line = page.locator('#alarms [data-alarm="fxo/1"]');
    const sim = page.locator('#alarms [data-alarm="gsm/2/reg"]');
    await line.waitFor({ timeout: 20_000 });
    await sim.waitFor({ timeout: 20_000 });
    expect(await line.getAttribute("data-key")).toBe("lineDown");
    expect(await line.textContent()).toMatch(/: no line voltage: check the cable$/);
    expect(await sim.textContent()).toBe("GSM 2: the network refuses the SIM");
    await page.selectOption("#language", "pl");
    await expect.poll(() => sim.textContent()).toBe("GSM 2: sieć odrzuca kartę SIM");
    expect(await line.textContent()).toMatch(/: brak napięcia na linii: sprawdź kabel$/);
    await screenshot(page, "dashboard-alarms");
    await page.selectOption("#language", "en");

    await labPost(page, "lines/fxo1/present", { present: true });
    await labPost(page, "gsm/gsm2/register", { stat: 1 });
    await expect.poll(() => page.locator("#alarms").count(), { timeout: 20_000 }).toBe(0);
    // All of it came over the websocket.
    expect(polls).toEqual([]);
  });

  it("shows a module's usage against the limits set on the GSM page, live", async () => {
    const usage = page.locator('[data-gsm="1"] [data-key="usage"]');
    expect(await usage.textContent()).toBe("0 min today · 0 min this month · 0 SMS today");
    const limits = { minutes_per_day: 60, minutes_per_month: 1500, sms_per_day: 10, fmc: false, fmc_pin: "", clear_fmc_pin: false };
    expect((await api(page, "PUT", "/api/gsm-modules/1/options", limits)).status).toBe(200);
    await expect.poll(() => usage.textContent()).toBe("0 of 60 min today · 0 of 1,500 min this month · 0 of 10 SMS today");
    await page.selectOption("#language", "ru");
    await expect.poll(() => usage.textContent()).toBe("сегодня 0 из 60 мин · за месяц 0 из 1\u00a0500 мин · сегодня 0 из 10 SMS");
    await page.selectOption("#language", "en");
    expect(polls).toEqual([]);
  });

  it("shows a trunk still registering apart from one up or down", async () => {
    const tr = await api(page, "POST", "/api/trunks", { name: "provider", host: "127.0.0.1", port: 9, transport: "udp", username: "office", password: "provider-secret", register: true, max_channels: 0, enabled: true });
    expect(tr.status, JSON.stringify(tr.body)).toBe(201);
    const trunk = page.locator('[data-trunk="provider"]');
    await expect.poll(() => trunk.getAttribute("data-state"), { timeout: 20_000 }).toBe("registering");
    expect(await trunk.locator(".badge").textContent()).toBe("registering");
    expect(await trunk.locator(".badge").getAttribute("class")).toContain("warn");
    expect(polls).toEqual([]);
  });

  it("shows an active call's path through its voice menus live, and the log keeps the names the call saw", async () => {
    const menu = (label: string, text: string, next: Record<string, string>) =>
      ({ type: "menu", label, params: { prompt: { text }, keys: ["1"], timeout: 20, repeats: 3 }, next: { no_input: "bye", invalid: "bye", ...next } });
    const doc = (main: string) => ({
      schema: 1,
      elements: [
        { id: "in", type: "incoming", next: { next: "main" } },
        { id: "main", ...menu(main, "For sales press 1", { "1": "sales" }) },
        { id: "sales", ...menu("", "Sales. Press 1 to leave", { "1": "bye" }) },
        { id: "bye", type: "hangup", params: {} },
      ],
    });
    const sc = await api(page, "POST", "/api/scenarios", { name: "Menus", document: doc("Main") });
    expect(sc.status, JSON.stringify(sc.body)).toBe(201);
    const id = (sc.body as { id: number }).id;
    const rt = await api(page, "POST", "/api/routes", { name: "City line", source: "fxo", fxo_line_id: 1, scenario_id: id, record_calls: false });
    expect(rt.status, JSON.stringify(rt.body)).toBe(201);

    await labPost(page, "lines/fxo1/ring", { caller_id: "+74951234567" });
    const path = page.locator('#calls tr[data-from="+74951234567"] [data-key="path"]');
    await expect.poll(() => path.textContent(), { timeout: 30_000 }).toBe("Voice menu “Main” (now)");
    expect(await path.getAttribute("data-running")).toBe("main");
    await page.selectOption("#language", "uk");
    await expect.poll(() => path.textContent()).toBe("Голосове меню «Main» (зараз)");
    await page.selectOption("#language", "en");

    await labPost(page, "lines/fxo1/dtmf", { digits: "1" });
    await expect.poll(() => path.textContent(), { timeout: 20_000 }).toBe("Voice menu “Main” → key 1 → Voice menu (sales) (now)");
    await screenshot(page, "dashboard-call-path");
    await labPost(page, "lines/fxo1/hangup", {});
    await expect.poll(() => page.locator("#no-calls").count(), { timeout: 20_000 }).toBe(1);
    expect(polls).toEqual([]);

    // The menu is renamed after the call: the call log names it as the
    // call saw it.
    const renamed = await api(page, "PUT", `/api/scenarios/${id}`, { name: "Menus", document: doc("Welcome") });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    const logged = async () => ((await api(page, "GET", "/api/calls")).body as { calls: { id: number }[] }).calls;
    await expect.poll(async () => (await logged()).length, { timeout: 15_000 }).toBe(1);
    const [call] = await logged();
    await page.getByRole("navigation").getByRole("link", { name: "Call log", exact: true }).click();
    await page.locator(`#call-log tr[data-call="${call.id}"] button[data-details]`).click();
    const step = page.locator(`[data-call-details="${call.id}"] li[data-step="main"]`);
    await step.waitFor();
    expect(await step.locator(".step-name").textContent()).toBe("Main");
    expect(await step.locator(".step-outcome").textContent()).toBe("key 1");
  });

  it("sets a PSTN line's country from the countries whose tones the box knows", async () => {
    await page.getByRole("navigation").getByRole("link", { name: "FXO lines", exact: true }).click();
    await page.click('#fxo-lines [data-edit="1"]');
    const country = page.locator("#fxo-form select[name=country]");
    expect(await country.inputValue()).toBe("RU");
    expect(await country.locator("option").allTextContents()).toContain("Poland (PL)");
    await country.selectOption("PL");
    await page.click("#fxo-form button[type=submit]");
    await page.locator("#saved").waitFor();
    expect((await api(page, "GET", "/api/fxo-lines/1")).body).toMatchObject({ country: "PL" });
    await expect.poll(() => page.textContent('#fxo-lines [data-port="1"]')).toContain("Poland");
  });

  it("reported no script errors or CSP violations", () => {
    expect(problems).toEqual([]);
  });
});
