// Deleting a SIP trunk, an inbound route and a scenario from their pages,
// in a real Chromium against a real pbxd: what a route still uses is
// refused with the route named and nothing lost; once the route is gone,
// both go. Each delete asks twice and works from the keyboard.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { api, openBox, screenshot } from "./page";
import { startPbxd, type Pbxd } from "./pbxd";

const password = "correct horse battery";

describe.sequential("deleting trunks, routes and scenarios", () => {
  let pbxd: Pbxd;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const nav = (name: string) => page.getByRole("navigation").getByRole("link", { name, exact: true });
  const names = async (path: string) => ((await api(page, "GET", path)).body as { name: string }[]).map((x) => x.name);

  beforeAll(async () => {
    pbxd = await startPbxd(30_000);
    ({ browser, page } = await openBox(pbxd, password, problems));
    const doc = { schema: 1, elements: [{ id: "in", type: "incoming", next: { next: "bye" } }, { id: "bye", type: "hangup", params: {} }] };
    const sc = await api(page, "POST", "/api/scenarios", { name: "Reception", document: doc });
    expect(sc.status, JSON.stringify(sc.body)).toBe(201);
    const tr = await api(page, "POST", "/api/trunks", { name: "provider", host: "sip.example.net", port: 5060, transport: "udp", username: "office", password: "provider-secret", register: false, max_channels: 0, enabled: true });
    expect(tr.status, JSON.stringify(tr.body)).toBe(201);
    const route = { name: "Main number", source: "did", did: "4951234567", sip_trunk_id: (tr.body as { id: number }).id, scenario_id: (sc.body as { id: number }).id, record_calls: false };
    const rt = await api(page, "POST", "/api/routes", route);
    expect(rt.status, JSON.stringify(rt.body)).toBe(201);
  });

  afterAll(async () => {
    await browser?.close();
    await pbxd?.stop();
  });

  it("refuses a scenario a route uses, naming the route", async () => {
    await nav("Scenarios").click();
    const item = page.locator("#scenarios li").filter({ hasText: "Reception" });
    await item.getByRole("button", { name: "Delete" }).click();
    await item.getByRole("button", { name: "Really delete Reception" }).click();
    await expect.poll(() => page.locator(".error").first().textContent()).toContain("Main number");
    expect(await names("/api/scenarios")).toEqual(["Reception"]);
  });

  it("deletes the route by keyboard after asking twice", async () => {
    await nav("Inbound routes").click();
    await page.getByRole("button", { name: "Change Main number" }).click();
    await page.locator("#route-title").filter({ hasText: "Main number" }).waitFor();
    await page.getByRole("button", { name: "Delete" }).focus();
    await page.keyboard.press("Enter");
    // The first press only asks.
    expect(await names("/api/routes")).toEqual(["Main number"]);
    await page.locator("#route-delete").focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.textContent("#saved")).toBe("Main number deleted.");
    expect(await names("/api/routes")).toEqual([]);
    expect(await page.locator('#routes tr[data-route="Main number"]').count()).toBe(0);
  });

  it("deletes the trunk", async () => {
    await nav("SIP trunks").click();
    await page.getByRole("button", { name: "Change provider" }).click();
    await page.locator("#trunk-title").filter({ hasText: "provider" }).waitFor();
    await page.getByRole("button", { name: "Delete" }).click();
    await screenshot(page, "trunk-delete");
    await page.click("#trunk-delete");
    await expect.poll(() => page.textContent("#saved")).toBe("provider deleted.");
    expect(await names("/api/trunks")).toEqual([]);
  });

  it("deletes the scenario once nothing uses it", async () => {
    await nav("Scenarios").click();
    const item = page.locator("#scenarios li").filter({ hasText: "Reception" });
    await item.getByRole("button", { name: "Delete" }).click();
    await item.getByRole("button", { name: "Really delete Reception" }).click();
    await expect.poll(() => page.textContent("#saved")).toBe("Reception deleted.");
    expect(await names("/api/scenarios")).toEqual([]);
    await screenshot(page, "scenarios-deleted");
  });

  it("reported no script errors or CSP violations", () => {
    expect(problems.filter((p) => !p.includes("409"))).toEqual([]);
  });
});
