// The Hookflash admin page: setup, login and a live status panel. Plain
// JavaScript, no build step; it talks to the box only through /api/.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const sections = ["loading", "setup", "login", "status"];
  const page = { csrf: "", loggedIn: false, ws: null, retry: 0 };

  function show(section) {
    for (const id of sections) $(id).hidden = id !== section;
    $("logout").hidden = section !== "status";
  }

  function showError(msg) {
    $("error").textContent = msg || "";
    $("error").hidden = !msg;
  }

  // api sends a request to the box and returns its JSON answer, or throws an
  // Error whose message says what to do.
  async function api(method, path, body) {
    const opts = { method, headers: {}, credentials: "same-origin" };
    if (method !== "GET") opts.headers["X-CSRF-Token"] = page.csrf;
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch(path, opts);
    } catch {
      throw new Error("the box does not answer: check the network cable, then reload the page");
    }
    let data = null;
    if (res.status !== 204) {
      try { data = await res.json(); } catch { data = null; }
    }
    if (!res.ok) {
      const err = new Error((data && data.error) || `the box answered ${res.status}: reload the page`);
      err.status = res.status;
      throw err;
    }
    return data;
  }

  async function start() {
    try {
      page.csrf = (await api("GET", "/api/csrf")).csrf_token;
      try {
        onLoggedIn(await api("GET", "/api/session"));
        return;
      } catch (e) {
        if (e.status !== 401) throw e;
      }
      const setup = await api("GET", "/api/setup");
      show(setup.needed ? "setup" : "login");
    } catch (e) {
      show(null);
      showError(e.message);
    }
  }

  function onLoggedIn(session) {
    page.csrf = session.csrf_token;
    page.loggedIn = true;
    showError("");
    set("username", session.username);
    show("status");
    api("GET", "/api/status").then(render, (e) => showError(e.message));
    connect();
  }

  function set(key, value) {
    const el = document.querySelector(`[data-key="${key}"]`);
    if (el) el.textContent = String(value);
  }

  function duration(s) {
    const d = Math.floor(s / 86400), h = Math.floor(s / 3600) % 24, m = Math.floor(s / 60) % 60;
    return (d ? `${d} d ` : "") + `${h} h ${m} min ${s % 60} s`;
  }

  function render(st) {
    set("version", st.version || "(unknown)");
    set("board", st.board || "(unknown)");
    set("sip_addr", st.sip_addr || "(none)");
    set("revision", st.revision);
    set("uptime", duration(st.uptime_s));
    set("extensions", st.extensions);
    set("trunks", st.trunks);
    set("routes", st.routes);
    set("heap", `${(st.heap_bytes / 1048576).toFixed(1)} MiB`);
    set("goroutines", st.goroutines);
  }

  function badge(live) {
    $("live").textContent = live ? "live" : "offline";
    $("live").classList.toggle("live", live);
  }

  // connect opens the live feed and keeps it open while logged in.
  function connect() {
    if (page.ws) return;
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebSocket(`${proto}//${location.host}/api/ws`);
    page.ws = ws;
    ws.onopen = () => { page.retry = 0; badge(true); };
    ws.onmessage = (ev) => {
      const msg = JSON.parse(ev.data);
      if (msg.type === "revision") set("revision", msg.revision);
      else if (msg.type === "status") render(msg);
    };
    ws.onclose = async (ev) => {
      page.ws = null;
      badge(false);
      if (!page.loggedIn) return;
      if (ev.code === 1008) { // the session ended
        page.loggedIn = false;
        showError(ev.reason || "session ended: log in again");
        start();
        return;
      }
      try {
        await api("GET", "/api/session");
      } catch (e) {
        if (e.status === 401) {
          page.loggedIn = false;
          showError("session ended: log in again");
          start();
          return;
        }
      }
      page.retry = Math.min(page.retry + 1, 6);
      setTimeout(connect, 500 * 2 ** page.retry);
    };
  }

  function formData(form) {
    return Object.fromEntries(new FormData(form).entries());
  }

  async function submit(ev, path) {
    ev.preventDefault();
    const form = ev.target;
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      onLoggedIn(await api("POST", path, formData(form)));
      form.reset();
    } catch (e) {
      showError(e.message);
    } finally {
      button.disabled = false;
    }
  }

  $("setup-form").addEventListener("submit", (ev) => submit(ev, "/api/setup"));
  $("login-form").addEventListener("submit", (ev) => submit(ev, "/api/login"));
  $("logout").addEventListener("click", async () => {
    try {
      await api("POST", "/api/logout");
    } catch (e) {
      showError(e.message);
    }
    page.loggedIn = false;
    if (page.ws) page.ws.close();
    start();
  });

  start();
})();
