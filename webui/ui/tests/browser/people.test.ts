// Changing and deleting extensions, SIP devices, outbound rules and
// mailboxes, and the call log's named path steps, in a real Chromium
// against a real pbxd on the simulated board. An extension that an FXS
// port rings is not deleted, and the refusal names the port; a device's
// new password is shown once with its QR code; a mailbox's PIN is
// write-only; a call's path reads as the editor names elements and
// outcomes.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { api, labPost, openBox, screenshot } from "./page";
import { startPbxd, type Config, type Pbxd } from "./pbxd";

const password = "correct horse battery";

const ext = (id: number, number: string, name: string) =>
  ({ id, number, name, email: "", mobile: "", dnd: false, on_duty: true, outbound: "internal", voicemail: false });

// office is 101 Alice on FXS port 1, 102 Bob on FXS port 2, and 103 Carol
// with a SIP phone to come.
const office: Config = {
  extensions: [ext(1, "101", "Alice"), ext(2, "102", "Bob"), ext(3, "103", "Carol")],
  fxs_ports: [
    { id: 1, port: 1, extension_id: 1, mode: "voice", caller_id: "off", country: "RU", hotline: "", echo_cancel: true },
    { id: 2, port: 2, extension_id: 2, mode: "voice", caller_id: "off", country: "RU", hotline: "", echo_cancel: true },
  ],
};

// reception rings Alice (labelled "Front desk") for 30 s, then hangs up.
const reception = {
  schema: 1,
  elements: [
    { id: "in", type: "incoming", next: { next: "alice" } },
    { id: "alice", type: "internal", label: "Front desk", params: { extension: "101", ring_time: 30 }, next: { next: "bye" } },
    { id: "bye", type: "hangup", params: {} },
  ],
};

interface Extension { number: string; name: string; email: string; mobile: string; outbound: string; on_duty: boolean; voicemail: boolean }

describe.sequential("changing and deleting extensions, devices, rules and mailboxes", () => {
  let pbxd: Pbxd;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const nav = (name: string) => page.getByRole("navigation").getByRole("link", { name, exact: true });
  const extensions = async () => (await api(page, "GET", "/api/extensions")).body as Extension[];

  beforeAll(async () => {
    pbxd = await startPbxd(30_000, office);
    ({ browser, page } = await openBox(pbxd, password, problems));
    const sc = await api(page, "POST", "/api/scenarios", { name: "Reception", document: reception });
    expect(sc.status, JSON.stringify(sc.body)).toBe(201);
    const rt = await api(page, "POST", "/api/routes", { name: "City line", source: "fxo", fxo_line_id: 1, scenario_id: (sc.body as { id: number }).id, record_calls: false });
    expect(rt.status, JSON.stringify(rt.body)).toBe(201);
  });

  afterAll(async () => {
    await browser?.close();
    await pbxd?.stop();
  });

  it("changes an extension from the keyboard", async () => {
    await nav("Extensions").click();
    await page.getByRole("button", { name: "Change 103" }).focus();
    await page.keyboard.press("Enter");
    await page.locator("#extension-title").filter({ hasText: "Extension 103: Carol" }).waitFor();
    // The number is in the form; the focus goes to the name.
    expect(await page.inputValue("#extension-form #field-number")).toBe("103");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("field-name");
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("Carol Smith");
    await page.fill("#field-email", "carol@example.com");
    await page.fill("#field-mobile", "+7 916 123 45 67");
    await page.selectOption("#field-outbound", "national");
    await page.check("#field-voicemail");
    await page.locator("#field-on_duty").focus();
    await page.keyboard.press("Space"); // off duty
    await page.locator("#extension-form button[type=submit]").focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.textContent("#created")).toBe("Extension 103 saved.");
    expect((await extensions()).find((e) => e.number === "103")).toMatchObject({
      name: "Carol Smith", email: "carol@example.com", mobile: "+79161234567", outbound: "national", voicemail: true, on_duty: false,
    });
    const row = page.locator('#extensions tr[data-number="103"]');
    expect(await row.textContent()).toContain("Carol Smith");
    expect(await row.locator("[data-off-duty]").count()).toBe(1);
    await screenshot(page, "extension-change");
  });

  it("refuses to delete an extension a port rings, naming the port", async () => {
    await page.getByRole("button", { name: "Change 101" }).click();
    await page.locator("#extension-title").filter({ hasText: "Extension 101: Alice" }).waitFor();
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByRole("button", { name: "Really delete Extension 101" }).click();
    await expect.poll(() => page.locator(".error").first().textContent()).toContain("FXS port 1");
    expect(await page.locator(".error").first().textContent()).toContain('scenario "Reception" element "alice" (Front desk)');
    expect((await extensions()).map((e) => e.number)).toContain("101");
  });

  it("changes an extension's number after listing what moves with it, refusing one another extension has", async () => {
    // 103 is Carol's: the box refuses before asking.
    await page.getByRole("button", { name: "Change 101" }).click();
    await page.locator("#extension-title").filter({ hasText: "Extension 101: Alice" }).waitFor();
    await page.fill("#field-number", "103");
    await page.click("#extension-form button[type=submit]");
    await expect.poll(() => page.locator(".error").first().textContent()).toContain("extension 103 already has that number");
    expect(await page.locator("#renumber").count()).toBe(0);

    // 101 is dialled by the scenario: the confirmation names the element, which then dials 201.
    await page.fill("#field-number", "201");
    await page.click("#extension-form button[type=submit]");
    await expect.poll(() => page.textContent("#renumber")).toContain("SIP phones registered as 101 must register again");
    expect(await page.textContent("#renumber")).toContain("These will dial 201 instead of 101:");
    expect(await page.textContent("#renumber-moves")).toContain('scenario "Reception" element "alice" (Front desk), extension');
    expect((await extensions()).map((e) => e.number)).toContain("101"); // asking saved nothing
    expect(await page.locator("#renumber-mailbox").count()).toBe(0); // Alice has no voicemail
    await screenshot(page, "extension-renumber-moves");
    await page.getByRole("button", { name: "Change the number to 201" }).click();
    await expect.poll(() => page.textContent("#created")).toBe("Extension 201 saved: everything that dialled 101 now dials 201.");
    const scenarios = (await api(page, "GET", "/api/scenarios")).body as { name: string; document: typeof reception }[];
    const alice = scenarios.find((x) => x.name === "Reception")?.document.elements.find((el) => el.id === "alice");
    expect(alice?.params).toMatchObject({ extension: "201" });
    // Back to 101 for the steps below.
    expect((await api(page, "PUT", "/api/extensions/1", { number: "101" })).status).toBe(200);
    await page.reload();

    // Bob's FXS port holds him by record: his number changes, the port follows.
    await page.getByRole("button", { name: "Change 102" }).click();
    await page.locator("#extension-title").filter({ hasText: "Extension 102: Bob" }).waitFor();
    await page.fill("#field-number", "202");
    await page.click("#extension-form button[type=submit]");
    await page.getByRole("button", { name: "Keep 102" }).click();
    expect(await page.locator("#renumber").count()).toBe(0);
    await page.click("#extension-form button[type=submit]");
    await expect.poll(() => page.textContent("#renumber")).toContain("Nothing else dials 102.");
    await screenshot(page, "extension-renumber");
    await page.getByRole("button", { name: "Change the number to 202" }).click();
    await expect.poll(() => page.textContent("#created")).toBe("Extension 202 saved: everything that dialled 102 now dials 202.");
    await page.locator('#extensions tr[data-number="202"]').waitFor();
    const ports = (await api(page, "GET", "/api/fxs-ports")).body as { port: number; extension_id: number }[];
    expect(ports.find((p) => p.port === 2)?.extension_id).toBe(2);
    // Back to 102 for the steps below.
    expect((await api(page, "PUT", "/api/extensions/2", { number: "102" })).status).toBe(200);
    await page.reload();
  });

  it("gives a SIP device a new password shown once, and deletes it", async () => {
    await page.click('button[data-devices="103"]');
    await page.locator("#device-form").waitFor();
    await page.click("#device-form button[type=submit]");
    await page.locator("#credentials").waitFor();
    const first = await page.textContent('#credentials [data-key="password"]');
    await page.getByRole("button", { name: "Done, I have noted it" }).click();
    await expect.poll(() => page.locator("#credentials").count()).toBe(0);

    await page.getByRole("button", { name: "New password for 103" }).click();
    await page.locator("#credentials").waitFor();
    const second = await page.textContent('#credentials [data-key="password"]');
    expect(second).not.toBe(first);
    expect(second!.length).toBeGreaterThanOrEqual(10);
    expect(await page.locator("#credentials svg.qr path").getAttribute("d")).toMatch(/^M\d/);
    await screenshot(page, "device-password");
    await page.getByRole("button", { name: "Done, I have noted it" }).click();

    await page.getByRole("button", { name: "Delete 103" }).click();
    await page.getByRole("button", { name: "Really delete 103" }).click();
    await expect.poll(() => page.textContent("#device-done")).toBe("103 deleted.");
    expect((await api(page, "GET", "/api/extensions/3/devices")).body).toEqual([]);
    await page.getByRole("button", { name: "Close" }).click();
  });

  it("deletes an extension nothing uses", async () => {
    await page.getByRole("button", { name: "Change 103" }).click();
    await page.locator("#extension-title").filter({ hasText: "Extension 103" }).waitFor();
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await page.locator("#extension-delete").focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.textContent("#created")).toBe("Extension 103 deleted.");
    expect((await extensions()).map((e) => e.number)).toEqual(["101", "102"]);
    expect(await page.locator('#extensions tr[data-number="103"]').count()).toBe(0);
  });

  it("changes and deletes an outbound rule", async () => {
    const made = await api(page, "POST", "/api/outbound-rules", { name: "City", prefix: "9", level: "local", strip: 0, prepend: "", priority: 100 });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    await nav("Outbound rules").click();
    await page.getByRole("button", { name: "Change City" }).click();
    await page.locator("#rule-title").filter({ hasText: "City" }).waitFor();
    expect(await page.inputValue("#field-prefix")).toBe("9");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("field-name");
    await page.fill("#field-prefix", "8");
    await page.fill("#field-strip", "1");
    await page.fill("#field-prepend", "+7");
    await page.selectOption("#field-level", "national");
    await page.fill("#field-priority", "50");
    await page.click("#rule-form button[type=submit]");
    await expect.poll(() => page.textContent("#saved")).toBe("City saved.");
    expect((await api(page, "GET", "/api/outbound-rules")).body).toMatchObject([{ name: "City", prefix: "8", strip: 1, prepend: "+7", level: "national", priority: 50 }]);
    // A strip longer than the prefix is refused on its field.
    await page.fill("#field-strip", "5");
    await page.click("#rule-form button[type=submit]");
    await expect.poll(() => page.getAttribute("#field-strip", "aria-invalid")).toBe("true");
    await screenshot(page, "rule-change");

    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await page.click("#rule-delete");
    await expect.poll(() => page.textContent("#saved")).toBe("City deleted.");
    expect((await api(page, "GET", "/api/outbound-rules")).body).toEqual([]);
  });

  it("creates, changes and deletes a mailbox with a write-only PIN", async () => {
    await nav("Voicemail").click();
    await page.getByRole("heading", { level: 2, name: "Mailboxes" }).waitFor();
    await page.fill("#field-number", "800");
    await page.selectOption("#field-extension_id", { label: "102 Bob" });
    await page.fill("#field-pin", "12");
    await page.fill("#field-email", "office@example.com");
    await page.click("#mailbox-form button[type=submit]");
    // Too short a PIN: the browser holds the form back and says why.
    expect(await page.locator("#field-pin").evaluate((el) => (el as HTMLInputElement).validity.patternMismatch)).toBe(true);
    expect((await api(page, "GET", "/api/mailboxes")).body).toEqual([]);
    await page.fill("#field-pin", "2468");
    await page.click("#mailbox-form button[type=submit]");
    await expect.poll(() => page.textContent("#mailbox-saved")).toBe("Mailbox 800 saved.");
    type Box = { number: string; extension_id: number | null; pin_set: boolean; email: string; pin?: string };
    const boxes = async () => (await api(page, "GET", "/api/mailboxes")).body as Box[];
    expect(await boxes()).toMatchObject([{ number: "800", extension_id: 2, pin_set: true, email: "office@example.com" }]);
    expect((await boxes())[0].pin).toBeUndefined();
    const row = page.locator('#mailboxes tr[data-mailbox="800"]');
    expect(await row.locator('[data-key="pin"]').textContent()).toBe("set");
    // The PIN field stays empty: the page never knows it.
    expect(await page.inputValue("#field-pin")).toBe("");
    // The voicemail list offers the new box.
    await expect.poll(() => page.locator("#mailbox option").allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining("800")]));
    await screenshot(page, "mailboxes");

    // Saved with the PIN left empty, the PIN stays; then it is removed.
    await page.fill("#field-email", "boss@example.com");
    await page.click("#mailbox-form button[type=submit]");
    await expect.poll(async () => (await boxes())[0].email).toBe("boss@example.com");
    expect((await boxes())[0].pin_set).toBe(true);
    await page.check("#field-clear_pin");
    await page.click("#mailbox-form button[type=submit]");
    await expect.poll(async () => (await boxes())[0].pin_set).toBe(false);
    await expect.poll(() => row.locator('[data-key="pin"]').textContent()).toBe("none");

    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await page.click("#mailbox-delete");
    await expect.poll(() => page.textContent("#mailbox-saved")).toBe("Mailbox 800 deleted.");
    expect(await boxes()).toEqual([]);
  });

  it("names a call's path steps as the editor does", async () => {
    type World = { phones: { slot: string; ringing: boolean }[]; lines: { slot: string; seized: boolean }[] };
    const world = async () => (await api(page, "GET", "/api/lab")).body as World;
    await labPost(page, "lines/fxo1/ring", { caller_id: "+74951234567" });
    await expect.poll(async () => (await world()).phones.find((p) => p.slot === "fxs1")!.ringing, { timeout: 30_000 }).toBe(true);
    await labPost(page, "phones/fxs1/offhook");
    await expect.poll(async () => (await world()).phones.find((p) => p.slot === "fxs1")!.ringing, { timeout: 10_000 }).toBe(false);
    // Talk until the box has answered the line, then hang up.
    await expect.poll(async () => (await world()).lines.find((l) => l.slot === "fxo1")!.seized, { timeout: 10_000 }).toBe(true);
    await labPost(page, "phones/fxs1/onhook");
    await expect.poll(async () => (await world()).lines.find((l) => l.slot === "fxo1")!.seized, { timeout: 15_000 }).toBe(false);
    const logged = async () => ((await api(page, "GET", "/api/calls")).body as { calls: { id: number }[] }).calls;
    await expect.poll(async () => (await logged()).length, { timeout: 15_000 }).toBe(1);
    const [call] = await logged();

    await nav("Call log").click();
    await page.locator(`#call-log tr[data-call="${call.id}"] button[data-details]`).click();
    const details = page.locator(`[data-call-details="${call.id}"]`);
    const step = (id: string) => details.locator(`li[data-step="${id}"]`);
    await step("alice").waitFor();
    expect(await step("in").locator(".step-name").textContent()).toBe("Incoming call (in)");
    expect(await step("in").locator(".step-outcome").textContent()).toBe("next");
    expect(await step("alice").locator(".step-name").textContent()).toBe("Front desk");
    // The box's own steps read in words too, with the channels they name.
    expect(await step("bridge fxs/1").locator(".step-name").textContent()).toBe("Connected to fxs/1");
    await screenshot(page, "call-path");

    // In Russian the kind and the outcome follow the language.
    await page.selectOption("#language", "ru");
    await expect.poll(() => step("in").locator(".step-name").textContent()).toBe("Входящий вызов (in)");
    expect(await step("in").locator(".step-outcome").textContent()).toBe("далее");
    expect(await step("bridge fxs/1").locator(".step-name").textContent()).toBe("Соединение с fxs/1");
    await page.selectOption("#language", "en");
  });

  it("reported no script errors or CSP violations", () => {
    expect(problems.filter((p) => !/status of (409|400)/.test(p))).toEqual([]);
  });
});
