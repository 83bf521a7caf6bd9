// What follows the box live over the websocket, in a real Chromium against
// a real pbxd on the simulated board: the page follows the simulated world
// only on the lab page, over the websocket; the GSM page shows a text from the lab's network
// and an SMS sent on its way out without a reload; the system page's log
// shows new lines as they are written.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { labPost, openBox, screenshot } from "./page";
import { startPbxd, type Pbxd } from "./pbxd";

const password = "correct horse battery";

describe.sequential("live SMS, log and the lab on demand", () => {
  let pbxd: Pbxd;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const labReads: string[] = []; // GET /api/lab requests the page made
  const polls: string[] = []; // GET /api/sms and /api/logs requests
  const feeds: string[] = []; // the websockets' topics

  const nav = (name: string) => page.getByRole("navigation").getByRole("link", { name, exact: true });

  beforeAll(async () => {
    pbxd = await startPbxd(30_000);
    ({ browser, page } = await openBox(pbxd, password, problems));
    page.on("request", (r) => {
      const path = new URL(r.url()).pathname;
      if (r.method() === "GET" && path === "/api/lab") labReads.push(path);
      if (r.method() === "GET" && (path === "/api/sms" || path === "/api/logs")) polls.push(path);
    });
    page.on("websocket", (ws) => feeds.push(new URL(ws.url()).searchParams.get("topics") ?? ""));
  });

  afterAll(async () => {
    await browser?.close();
    await pbxd?.stop();
  });

  it("offers the lab without reading the simulated world until the lab page opens, then follows it live", async () => {
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor();
    await nav("Lab").waitFor();
    await expect.poll(() => page.locator("#live").getAttribute("class")).toContain("live");
    expect(feeds).toEqual(["status,telephony"]);
    await nav("Lab").click();
    const fxs1 = page.locator('[data-phone="fxs1"]');
    await fxs1.waitFor();
    expect(feeds).toEqual(["status,telephony", "lab"]);
    // A change made elsewhere (here, by the API) reaches the open page.
    await labPost(page, "phones/fxs1/offhook");
    await expect.poll(() => fxs1.getAttribute("data-state")).toBe("offHook");
    await labPost(page, "phones/fxs1/onhook");
    await expect.poll(() => fxs1.getAttribute("data-state")).toBe("onHook");
    // The page never polled the world.
    expect(labReads).toEqual([]);
  });

  it("shows a text from the network and an SMS going out without a reload", async () => {
    await nav("GSM").click();
    await page.getByRole("heading", { level: 1, name: "GSM" }).waitFor();
    await expect.poll(() => page.locator("#sms-live").getAttribute("class")).toContain("live");
    await page.locator("#inbox, #inbox-title").first().waitFor();
    const loads = polls.length;

    await labPost(page, "gsm/gsm1/sms", { from: "+79165550011", text: "Привет из сети" });
    const got = page.locator("#inbox li").filter({ hasText: "Привет из сети" });
    await got.waitFor({ timeout: 20_000 });
    expect(await got.textContent()).toContain("+79165550011");
    expect(await got.getAttribute("data-status")).toBe("received");

    await page.fill("#field-to", "+79001234567");
    await page.fill("#field-text", "Live status");
    await page.click("#sms-form button[type=submit]");
    const sent = page.locator("#outbox li").filter({ hasText: "Live status" });
    await sent.waitFor();
    await expect.poll(() => sent.getAttribute("data-status"), { timeout: 20_000 }).toBe("delivered");
    // Neither list was read again: the feed brought both.
    expect(polls.length).toBe(loads);
    await screenshot(page, "gsm-live");
  });

  it("follows the log as lines are written", async () => {
    await nav("System").click();
    await page.getByRole("heading", { level: 1, name: "System" }).waitFor();
    await expect.poll(() => page.locator("#log-live").getAttribute("class")).toContain("live");
    await page.fill("#log-query", "+79165550022");
    await expect.poll(() => page.locator("#log-lines > span").count()).toBe(0);
    // The box logs a text it receives; the page shows the line as it comes.
    await labPost(page, "gsm/gsm1/sms", { from: "+79165550022", text: "log me" });
    await expect.poll(() => page.locator("#log-lines > span").count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await page.textContent("#log-lines")).toContain("sms: received");

    // Paused, the view holds still; following again shows what came.
    await page.click("#log-pause");
    expect(await page.getAttribute("#log-pause", "aria-pressed")).toBe("true");
    const held = await page.locator("#log-lines > span").count();
    await labPost(page, "gsm/gsm1/sms", { from: "+79165550022", text: "log me again" });
    await expect.poll(() => page.textContent("#log-waiting"), { timeout: 20_000 }).toMatch(/[1-9]\d* new lines? waiting/);
    expect(await page.locator("#log-lines > span").count()).toBe(held);
    await page.click("#log-pause");
    await expect.poll(() => page.locator("#log-lines > span").count(), { timeout: 20_000 }).toBeGreaterThan(held);
    expect(polls.filter((p) => p === "/api/logs")).toEqual([]);
    await screenshot(page, "system-log-live");
    expect(problems).toEqual([]);
  });
});
