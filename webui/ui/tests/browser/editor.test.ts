// The scenario editor and the lab in a real Chromium against a real pbxd
// on the simulated board: draw "voice menu -> key 1 ring group -> no answer
// voicemail", see the box refuse an unconnected outcome on its element,
// connect it, save, dry-run it along the highlighted path; then pick up
// the phone on FXS 1 in the lab, dial 102 and see FXS 2 ring.
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { openBox, screenshot } from "./page";
import { startPbxd, type Config, type Pbxd } from "./pbxd";

const password = "correct horse battery";

// analogOffice is 101 Alice on FXS port 1 and 102 Bob on FXS port 2,
// imported with pbxctl before pbxd starts (tests/browser/telephony.test.ts
// sets a port up on its page).
const analogOffice: Config = {
  extensions: [101, 102].map((n, i) => ({
    id: i + 1, number: String(n), name: ["Alice", "Bob"][i], email: "", mobile: "", dnd: false, on_duty: true, outbound: "internal", voicemail: false,
  })),
  fxs_ports: [1, 2].map((n) => ({
    id: n, port: n, extension_id: n, mode: "voice", caller_id: "etsi_fsk_after_ring", country: "RU", hotline: "", echo_cancel: true,
  })),
};

describe.sequential("scenario editor and lab", () => {
  let pbxd: Pbxd;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
  const handle = (id: string, outcome?: string) =>
    outcome === undefined
      ? node(id).locator(".react-flow__handle.target")
      : node(id).locator(`[data-outcome="${outcome}"] .react-flow__handle`);

  // center returns the middle of what l shows, in page pixels.
  const center = async (l: Locator) => {
    const b = (await l.boundingBox())!;
    return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  };

  // draw drags an arrow with the mouse from an outcome's handle to an
  // element.
  const draw = async (from: string, outcome: string, to: string) => {
    const a = await center(handle(from, outcome));
    const b = await center(handle(to));
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
    await page.mouse.move(b.x, b.y, { steps: 5 });
    await page.mouse.up();
    await page.locator(`.react-flow__edge[data-id="${from}:${outcome}"]`).waitFor();
  };

  // drop drags kind from the palette onto the graph at a fraction of its
  // width and height.
  const drop = async (kind: string, fx: number, fy: number) => {
    const graph = page.locator("#graph");
    const b = (await graph.boundingBox())!;
    await page.locator(`#palette [data-kind="${kind}"] button`).dragTo(graph, { targetPosition: { x: b.width * fx, y: b.height * fy } });
  };

  // select clicks an element to open it in the side panel.
  const select = async (id: string) => {
    await node(id).locator(".element-id").click();
    await page.locator("#panel-title").filter({ hasText: id }).waitFor();
  };

  beforeAll(async () => {
    pbxd = await startPbxd(30_000, analogOffice);
    ({ browser, page } = await openBox(pbxd, password, problems));
  });

  afterAll(async () => {
    await browser?.close();
    await pbxd?.stop();
  });

  it("creates two extensions with voicemail", async () => {
    await page.getByRole("navigation").getByRole("link", { name: "Extensions" }).click();
    for (const [number, name] of [["201", "Anna"], ["202", "Boris"]]) {
      await page.fill("#field-number", number);
      await page.fill("#field-name", name);
      await page.check("#field-voicemail");
      await page.click("#extension-form button[type=submit]");
      await expect.poll(() => page.textContent("#created")).toBe(`Extension ${number} created.`);
    }
  });

  it("draws a voice menu, a ring group and voicemail, and shows the unconnected outcome on its element", async () => {
    await page.getByRole("navigation").getByRole("link", { name: "Scenarios" }).click();
    await page.fill("#field-name", "Office");
    await page.click("#scenario-form button[type=submit]");
    await page.getByRole("heading", { level: 1, name: "Office" }).waitFor();
    await expect.poll(() => page.locator(".react-flow__node").count()).toBe(2);

    // Three elements dragged from the palette; a fourth added by keyboard
    // and deleted with the Delete key.
    await drop("menu", 0.3, 0.05);
    await drop("group", 0.05, 0.62);
    await drop("voicemail", 0.62, 0.7);
    await expect.poll(() => page.locator(".react-flow__node").count()).toBe(5);
    await page.locator('#palette [data-kind="sms"] button').focus();
    await page.keyboard.press("Enter");
    await node("sms1").waitFor();
    await node("sms1").focus();
    await page.keyboard.press("Delete");
    await expect.poll(() => node("sms1").count()).toBe(0);
    await expect.poll(() => page.locator(".react-flow__node").count()).toBe(5);

    // The menu has an outcome handle per key and for no input and invalid input.
    expect(await node("menu1").locator("[data-outcome]").evaluateAll((els) => els.map((e) => e.getAttribute("data-outcome")))).toEqual(["1", "no_input", "invalid"]);

    // Parameters in the side panel.
    await select("menu1");
    await page.fill("#element-label", "Main menu");
    await page.fill("#param-prompt-text", "For sales press 1");
    await page.check('#param-keys [data-key="2"]');
    await expect.poll(() => node("menu1").locator("[data-outcome]").count()).toBe(4);
    await page.uncheck('#param-keys [data-key="2"]');
    await select("group1");
    await page.fill("#element-label", "Sales");
    await page.check('#param-members [data-member="201"]');
    await page.check('#param-members [data-member="202"]');
    await page.fill("#param-total", "20");
    await select("voicemail1");
    await page.fill("#param-mailbox", "201");

    // Arrows: drawn with the mouse, and chosen in the panel.
    await draw("menu1", "1", "group1");
    await draw("group1", "next", "voicemail1");
    await select("in");
    await page.selectOption("#arrow-next", "menu1");
    await select("menu1");
    await page.selectOption("#arrow-no_input", "end");

    // invalid is left unconnected: the box refuses, and says so on the menu.
    await page.click("#save");
    await page.locator("#error").waitFor();
    const invalid = node("menu1").locator('[data-outcome="invalid"]');
    await expect.poll(() => invalid.getAttribute("class")).toContain("invalid");
    expect(await node("menu1").locator(".element").getAttribute("class")).toContain("invalid");
    expect(await node("menu1").locator(".element-problems").textContent()).toContain("not connected");
    expect(await page.locator('.field.arrow.invalid #arrow-invalid').count()).toBe(1);
    expect(await page.textContent("#dirty")).toBe("unsaved changes");
    await screenshot(page, "editor-refused");

    await page.selectOption("#arrow-invalid", "end");
    await page.click("#save");
    await expect.poll(() => page.textContent("#editor-status")).toBe("Saved: new calls follow this scenario.");
    // A normal save is confirmed as such, and the refusal is gone.
    expect(await page.getAttribute("#editor-status", "class")).toBe("ok");
    expect(await page.locator("#error").count()).toBe(0);
    await expect.poll(() => page.locator(".element.invalid").count()).toBe(0);
    expect(await page.textContent("#dirty")).toBe("saved");

    // Saved as drawn: reload the page and find it again.
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Office" }).waitFor();
    await expect.poll(() => page.locator(".react-flow__node").count()).toBe(5);
    await expect.poll(() => page.locator(".react-flow__edge").count()).toBe(5);
    expect(await node("group1").textContent()).toContain("Sales");
  });

  it("dry-runs the scenario and highlights the path step by step", async () => {
    await page.fill('[data-menu="menu1"]', "1");
    await page.selectOption("#dry-answers", "");
    await page.click("#dry-run-form button[type=submit]");
    await page.locator("#trace").waitFor();
    expect(await page.locator("#steps button").evaluateAll((els) => els.map((e) => e.getAttribute("data-element")))).toEqual(["in", "menu1", "group1", "voicemail1"]);
    // The whole path: every element on it and the three arrows between them.
    await expect.poll(() => page.locator(".element.on-path").count()).toBe(4);
    expect(await page.locator(".react-flow__edge.on-path").evaluateAll((els) => els.map((e) => e.getAttribute("data-id")))).toEqual(
      expect.arrayContaining(["in:next", "menu1:1", "group1:next"]),
    );
    expect(await page.locator(".react-flow__edge.on-path").count()).toBe(3);
    expect(await page.getAttribute('[data-element="voicemail1"]', "data-current")).toBe("true");
    expect(await node("end").locator(".element").getAttribute("class")).not.toContain("on-path");
    await screenshot(page, "editor-dry-run");

    // Step back: the group is the current step, voicemail is not reached yet.
    await page.click("#step-back");
    await expect.poll(() => page.getAttribute('[data-element="group1"]', "data-current")).toBe("true");
    expect(await page.locator(".element.on-path").count()).toBe(3);
    expect(await page.textContent("#step-count")).toBe("Step 3 of 4");
    await page.locator("#steps button").first().click();
    await expect.poll(() => page.locator(".react-flow__edge.on-path").count()).toBe(0);
  });

  it("picks up FXS 1 in the lab, dials 102, and FXS 2 rings with caller ID", async () => {
    await page.getByRole("navigation").getByRole("link", { name: "Lab" }).click();
    await page.getByRole("heading", { level: 1, name: "Lab" }).waitFor();
    const fxs1 = page.locator('[data-phone="fxs1"]');
    const fxs2 = page.locator('[data-phone="fxs2"]');
    await fxs1.locator('[data-action="offhook"]').click();
    await expect.poll(() => fxs1.getAttribute("data-state")).toBe("offHook");
    await expect.poll(() => fxs1.locator('[data-key="hears"]').getAttribute("data-value"), { timeout: 5_000 }).toBe("dial");
    for (const k of "102") await fxs1.locator(`.keypad [data-key="${k}"]`).click();
    await expect.poll(() => fxs2.getAttribute("data-state"), { timeout: 15_000 }).toBe("ringing");
    await expect.poll(() => fxs2.locator('[data-key="caller-id"]').textContent(), { timeout: 15_000 }).toBe("101 Alice");
    await screenshot(page, "lab");
    await fxs1.locator('[data-action="onhook"]').click();
    await expect.poll(() => fxs2.getAttribute("data-state"), { timeout: 10_000 }).toBe("onHook");
  });

  it("reported no script errors or CSP violations", () => {
    expect(problems).toEqual([]);
  });
});
