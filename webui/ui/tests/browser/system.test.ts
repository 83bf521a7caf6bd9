// The system and voicemail pages in a real Chromium against a real pbxd:
// listen to, mark and delete voicemail left in the data directory; see a
// rolled-back update's reason; set the time zone and NTP servers; set a
// static network; add, remove and re-password admins (their own and
// another's); filter the log; download a backup, have a wrong file refused
// and restore the backup; and factory reset the box back to its first-run
// page.
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { api, openBox, screenshot, shots } from "./page";
import { startPbxd, type Config, type Pbxd } from "./pbxd";
import { pcmWAV } from "./wav";

const password = "correct horse battery";
const newPassword = "an even longer passphrase";

// office is 101 Alice with a mailbox of her own.
const office: Config = {
  extensions: [{ id: 1, number: "101", name: "Alice", email: "", mobile: "", dnd: false, on_duty: true, outbound: "internal", voicemail: true }],
  mailboxes: [{ id: 1, number: "101", extension_id: 1, greeting_prompt_id: null, pin: "1234", email: "" }],
};

// leaveMessage puts a message into mailbox 101 as pbx/voicemail keeps it:
// the recording, then the sidecar that makes it exist.
function leaveMessage(data: string, id: string, caller: string, seconds: number) {
  const dir = join(data, "voicemail", "101");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${id}.wav`), pcmWAV(seconds, 8000, false)); // silence, at 8 kHz as the box records
  const received = `${id.slice(0, 4)}-${id.slice(4, 6)}-${id.slice(6, 8)}T${id.slice(9, 11)}:${id.slice(11, 13)}:${id.slice(13, 15)}Z`;
  // The sidecar is written whole and renamed into place, as the box does.
  writeFileSync(join(dir, `.${id}.json.tmp`), JSON.stringify({ id, mailbox: "101", caller_number: caller, received, duration_ms: seconds * 1000, state: "new", notify: {} }));
  renameSync(join(dir, `.${id}.json.tmp`), join(dir, `${id}.json`));
}

describe.sequential("system and voicemail pages", () => {
  let pbxd: Pbxd;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const nav = (name: string) => page.getByRole("navigation").getByRole("link", { name, exact: true });
  const older = "20260101T090000Z-0badcafe";
  const newer = "20260102T093000Z-00c0ffee";

  beforeAll(async () => {
    pbxd = await startPbxd(30_000, office);
    // How the image's boot check records an update that did not boot.
    mkdirSync(join(pbxd.data, "update"), { recursive: true });
    writeFileSync(join(pbxd.data, "update", "last"), "result=rolled-back\nversion=v9.9.9\nslot=B\nreason=pbxd did not answer within 120 s\nat=1767258000\n");
    ({ browser, page } = await openBox(pbxd, password, problems));
  });

  afterAll(async () => {
    await browser?.close();
    await pbxd?.stop();
  });

  it("plays, marks heard and deletes voicemail", async () => {
    leaveMessage(pbxd.data, older, "+74951234567", 2);
    leaveMessage(pbxd.data, newer, "102", 3);
    await nav("Voicemail").click();
    await page.getByRole("heading", { level: 1, name: "Voicemail" }).waitFor();
    await expect.poll(() => page.locator("#messages tbody tr").count()).toBe(2);
    expect(await page.inputValue("#mailbox")).toBe("101");
    expect(await page.textContent("#mailbox option")).toContain("new 2");
    // Newest first, with caller and length.
    const rows = page.locator("#messages tbody tr");
    expect(await rows.nth(0).getAttribute("data-message")).toBe(newer);
    expect(await rows.nth(1).locator('[data-key="caller"]').textContent()).toBe("+74951234567");
    expect(await rows.nth(1).locator('[data-key="duration"]').textContent()).toBe("0:02");

    // The browser loads and decodes the recording: 2 s.
    const seconds = await page.evaluate(async (id) => {
      const audio = document.querySelector(`tr[data-message="${id}"] audio`) as HTMLAudioElement;
      audio.preload = "metadata";
      audio.load();
      await new Promise((res, rej) => {
        audio.onloadedmetadata = res;
        audio.onerror = () => rej(new Error(`audio error ${audio.error?.code}`));
      });
      return audio.duration;
    }, older);
    expect(seconds).toBeCloseTo(2, 1);

    await page.click(`button[data-heard="${older}"]`);
    await expect.poll(() => page.getAttribute(`tr[data-message="${older}"]`, "data-state")).toBe("saved");
    expect(await page.textContent(`tr[data-message="${older}"] [data-key="state"]`)).toBe("heard");
    const stored = JSON.parse(readFileSync(join(pbxd.data, "voicemail", "101", `${older}.json`), "utf8"));
    expect(stored.state).toBe("saved");

    await page.click(`button[data-delete="${newer}"]`);
    await expect.poll(() => page.locator("#messages tbody tr").count()).toBe(1);
    expect(existsSync(join(pbxd.data, "voicemail", "101", `${newer}.wav`))).toBe(false);
    await expect.poll(() => page.textContent("#mailbox option")).toContain("new 0, heard 1");
    await screenshot(page, "voicemail");
  });

  it("shows a new message as it comes, without a reload", async () => {
    await expect.poll(() => page.textContent("#voicemail-live")).toBe("live");
    const latest = "20260103T080000Z-00facade";
    leaveMessage(pbxd.data, latest, "+74997654321", 1);
    await expect.poll(() => page.locator("#messages tbody tr").count()).toBe(2);
    expect(await page.getAttribute(`tr[data-message="${latest}"]`, "data-state")).toBe("new");
    expect(await page.textContent(`tr[data-message="${latest}"] [data-key="caller"]`)).toBe("+74997654321");
    await expect.poll(() => page.textContent("#mailbox option")).toContain("new 1, heard 1");
  });

  it("shows the firmware and why the last update was rolled back", async () => {
    await nav("System").click();
    await page.getByRole("heading", { level: 1, name: "System" }).waitFor();
    const health = (await api(page, "GET", "/api/health")).body as { version: string };
    await expect.poll(() => page.textContent("#update-version")).toBe(health.version);
    expect(await page.getAttribute("#update-last", "data-result")).toBe("rolled-back");
    expect(await page.textContent("#update-last")).toContain("v9.9.9 was rolled back: pbxd did not answer within 120 s");
    // A development machine has no RAUC: the page says so and offers no upload.
    await page.locator("#update-unavailable").waitFor();
    expect(await page.isDisabled("#update-form button[type=submit]")).toBe(true);
  });

  it("sets the time zone and NTP servers, refusing bad ones on their field", async () => {
    await page.fill("#field-value", "Mars/Olympus");
    await page.click("#zone-form button[type=submit]");
    await expect.poll(() => page.getAttribute("#field-value", "aria-invalid")).toBe("true");
    await page.fill("#field-value", "Europe/Warsaw");
    await page.click("#zone-form button[type=submit]");
    await expect.poll(() => page.textContent("#box-zone")).toBe("Europe/Warsaw");
    // The box's clock in Warsaw: the page shows the same hour the box gives.
    const t = (await api(page, "GET", "/api/system/time")).body as { local: string };
    const hour = Number(t.local.slice(11, 13));
    expect(await page.textContent("#box-time")).toMatch(new RegExp(`\\b0?${hour % 12 || 12}:|\\b${String(hour).padStart(2, "0")}:`));

    await page.fill("#field-ntp", "pool.ntp.org, not a host!");
    await page.click("#ntp-form button[type=submit]");
    await expect.poll(() => page.getAttribute("#field-ntp", "aria-invalid")).toBe("true");
    expect(await page.locator("#time").getByRole("alert").textContent()).toContain("not a server name");
    await page.fill("#field-ntp", "pool.ntp.org, 192.0.2.1");
    await page.click("#ntp-form button[type=submit]");
    await expect.poll(() => page.textContent("#time-saved")).toBe("NTP servers saved.");
    expect(((await api(page, "GET", "/api/settings/ntp_servers")).body as { value: string[] }).value).toEqual(["pool.ntp.org", "192.0.2.1"]);
  });

  it("shows the box's addresses", async () => {
    await expect.poll(() => page.textContent('#interfaces tr[data-iface="lo"] [data-key="addrs"]')).toContain("127.0.0.1/8");
    expect(await page.textContent("#sip-addr")).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it("sets a static network after a warning naming the fallback address, and shows it again", async () => {
    await page.selectOption("#field-net-mode", "static");
    await page.fill("#field-net-address", "192.0.2.10/24");
    await page.fill("#field-net-gateway", "198.51.100.1");
    await page.fill("#field-net-dns", "192.0.2.1, 1.1.1.1");
    await page.click("#network-form button[type=submit]");
    // Nothing is sent before the admin confirms; the warning says where
    // the page goes (it was opened by address) and where the box always answers.
    const confirm = page.locator("#network-confirm");
    await confirm.waitFor();
    expect(await confirm.textContent()).toMatch(/moves to http:\/\/192\.0\.2\.10:\d+\/system/);
    expect(await confirm.textContent()).toMatch(/open http:\/\/169\.254\.100\.1:\d+\//);
    expect(((await api(page, "GET", "/api/settings/network")).body as { default: boolean }).default).toBe(true);
    await page.click("#network-apply");
    // The box refuses a gateway outside the network, on its field.
    await expect.poll(() => page.getAttribute("#field-net-gateway", "aria-invalid")).toBe("true");
    expect(await page.locator("#network").getByRole("alert").textContent()).toContain("outside the box's network 192.0.2.0/24");
    await page.fill("#field-net-gateway", "192.0.2.1");
    await page.click("#network-form button[type=submit]");
    await page.click("#network-apply");
    await expect.poll(() => page.textContent("#network-saved")).toBe("Network settings saved; the box applies them now.");
    expect((await api(page, "GET", "/api/settings/network")).body).toMatchObject({
      default: false,
      value: { mode: "static", address: "192.0.2.10/24", gateway: "192.0.2.1", dns: ["192.0.2.1", "1.1.1.1"] },
    });
    // pbxd wrote the file the box's start script reads; without
    // PBX_NET_APPLY it left this machine's network alone.
    const file = join(pbxd.data, "network");
    await expect.poll(() => (existsSync(file) ? readFileSync(file, "utf8") : "")).toBe("mode=static\naddress=192.0.2.10/24\ngateway=192.0.2.1\ndns=192.0.2.1 1.1.1.1\n");
    // After a reload the form shows the stored network.
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "System" }).waitFor();
    await expect.poll(() => page.inputValue("#field-net-mode")).toBe("static");
    expect(await page.inputValue("#field-net-address")).toBe("192.0.2.10/24");
    expect(await page.inputValue("#field-net-gateway")).toBe("192.0.2.1");
    expect(await page.inputValue("#field-net-dns")).toBe("192.0.2.1, 1.1.1.1");
  });

  it("adds an admin, changes its own password and removes the other", async () => {
    await page.fill("#admin-form #field-username", "boris");
    await page.fill("#admin-form #field-password", "short");
    // The browser's own check would stop a short password; the box's rule is what counts.
    await page.$eval("#admin-form #field-password", (el) => el.removeAttribute("minlength"));
    await page.click("#admin-form button[type=submit]");
    await expect.poll(() => page.getAttribute("#admin-form #field-password", "aria-invalid")).toBe("true");
    await page.fill("#admin-form #field-password", "boris has a long password");
    await page.click("#admin-form button[type=submit]");
    await expect.poll(() => page.locator('#admin-list tr[data-admin="boris"]').count()).toBe(1);

    await page.fill("#field-current_password", "not my password");
    await page.fill("#field-new_password", newPassword);
    await page.click("#password-form button[type=submit]");
    await expect.poll(() => page.getAttribute("#field-current_password", "aria-invalid")).toBe("true");
    await page.fill("#field-current_password", password);
    await page.fill("#field-new_password", newPassword);
    await page.click("#password-form button[type=submit]");
    await expect.poll(() => page.textContent("#admins-saved")).toContain("Password changed");

    // Boris forgot his password: admin sets a new one, typed twice, after
    // proving its own; Boris's session ends.
    const other = await browser.newContext({ locale: "en-US" });
    const borisPage = await other.newPage();
    await borisPage.goto(pbxd.url);
    await borisPage.fill("#field-username", "boris");
    await borisPage.fill("#field-password", "boris has a long password");
    await borisPage.click("#login-form button[type=submit]");
    await borisPage.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor();
    expect(await page.locator('button[data-reset="admin"]').count()).toBe(0);
    await page.click('button[data-reset="boris"]');
    await page.fill("#reset-new_password", "boris gets a new password");
    await page.fill("#reset-new_password_again", "boris gets a new passwort");
    await page.fill("#field-your_password", newPassword);
    await page.click("#reset-password-form button[type=submit]");
    await expect.poll(() => page.getAttribute("#reset-new_password_again", "aria-invalid")).toBe("true");
    await page.fill("#reset-new_password_again", "boris gets a new password");
    await page.fill("#field-your_password", "not my password");
    await page.click("#reset-password-form button[type=submit]");
    await expect.poll(() => page.getAttribute("#field-your_password", "aria-invalid")).toBe("true");
    await page.fill("#field-your_password", newPassword);
    await screenshot(page, "admin-reset");
    await page.click("#reset-password-form button[type=submit]");
    await expect.poll(() => page.textContent("#admins-saved")).toBe("boris has a new password and was logged out.");
    expect((await borisPage.evaluate(async () => (await fetch("/api/session")).status))).toBe(401);
    await other.close();

    // Nobody can remove themselves: there is no button for admin.
    expect(await page.locator('button[data-remove="admin"]').count()).toBe(0);
    await page.click('button[data-remove="boris"]');
    await expect.poll(() => page.locator('#admin-list tr[data-admin="boris"]').count()).toBe(0);
  });

  it("follows the log live and filters it by level and text", async () => {
    // The admins were added and removed while the page was open: the log
    // shows it without a reload.
    await expect.poll(() => page.textContent("#log-lines")).toContain("admin added");
    await page.fill("#log-query", "admin added");
    const lines = await page.locator("#log-lines > span").allTextContents();
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toContain("admin added");
    await page.selectOption("#log-level", "ERROR");
    await expect.poll(() => page.locator("#log-lines > span").count()).toBe(0);
    await page.selectOption("#log-level", "WARN");
    await page.fill("#log-query", "admin removed");
    await expect.poll(() => page.locator("#log-lines > span").count()).toBe(1);
    await page.fill("#log-query", "");
    await screenshot(page, "system");
  });

  it("downloads a backup, refuses a file that is none and restores the backup", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#backup-download")]);
    const file = join(shots, "box-backup.tar.gz");
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/^hookflash-backup-\d{8}-\d{6}\.tar\.gz$/);
    expect(readFileSync(file).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b])); // gzip

    // After the backup: Bob is added.
    const bob = await api(page, "POST", "/api/extensions", { number: "102", name: "Bob", outbound: "internal", on_duty: true });
    expect(bob.status).toBe(201);

    await page.setInputFiles("#field-backup", { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a backup at all") });
    await page.check("#field-replace");
    await page.click("#restore-form button[type=submit]");
    const alert = page.locator("#backup").getByRole("alert");
    await expect.poll(() => alert.textContent()).toContain("not a backup");
    expect(await alert.textContent()).toContain("nothing was changed");
    expect(((await api(page, "GET", "/api/extensions")).body as unknown[]).length).toBe(2);

    await page.setInputFiles("#field-backup", file);
    await page.click("#restore-form button[type=submit]");
    await page.locator("#restored").waitFor();
    await page.click("#backup button:has-text('Reload the page')");
    // The page reloads on the system page; the backup's admin logs in with
    // the password it had then, if the backup's sessions do not hold this
    // browser's.
    const login = page.getByRole("heading", { level: 1, name: "Log in" });
    const system = page.getByRole("heading", { level: 1, name: "System" });
    await Promise.any([login.waitFor(), system.waitFor()]);
    if (await login.isVisible()) {
      await page.fill("#field-username", "admin");
      await page.fill("#field-password", newPassword);
      await page.click("#login-form button[type=submit]");
      await system.waitFor();
    }
    const exts = (await api(page, "GET", "/api/extensions")).body as { number: string }[];
    expect(exts.map((e) => e.number)).toEqual(["101"]);
  });

  it("factory resets after the words are typed and starts over at setup", async () => {
    await nav("System").click();
    await page.fill("#field-confirm", "factory");
    expect(await page.isDisabled("#reset-form button[type=submit]")).toBe(true);
    await page.fill("#field-confirm", "factory reset");
    await page.click("#reset-form button[type=submit]");
    const code = (await page.locator("#setup-code").textContent()) ?? "";
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(existsSync(join(pbxd.data, "voicemail", "101", `${older}.wav`))).toBe(false);

    await page.click("#factory-reset button");
    await page.getByRole("heading", { level: 1, name: "First-time setup" }).waitFor();
    await page.fill("#field-code", code);
    await page.fill("#field-password", "a fresh start password");
    await page.click("#setup-form button[type=submit]");
    await page.getByRole("heading", { level: 1, name: "System" }).waitFor();
    expect(((await api(page, "GET", "/api/extensions")).body as unknown[]).length).toBe(0);
    // The only console error is the refused restore's 422, provoked above.
    expect(problems).toEqual(["console error: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"]);
  });
});
