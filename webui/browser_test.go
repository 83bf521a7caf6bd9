//go:build linux

package webui

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/hookflash/firmware/pbx/store"
)

// TestBrowserSetupAndLiveStatus drives the page in a real headless Chromium
// over the DevTools protocol: it types the setup code, sees the status panel,
// watches the revision change live, logs out and logs in again.
func TestBrowserSetupAndLiveStatus(t *testing.T) {
	e := newTestEnv(t)
	code, err := NewSetupCode(context.Background(), e.st, e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(e.srv.Handler())
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	page := startChromium(ctx, t)
	page.navigate(srv.URL)

	page.waitFor(`!document.getElementById("setup").hidden`)
	page.run(fillForm("setup-form", map[string]string{"code": "AAAA-AAAA-AAAA", "username": "admin", "password": testPassword}))
	page.waitFor(`document.getElementById("error").textContent.includes("wrong setup code")`)

	// Typed in lower case, as a person might.
	page.run(fillForm("setup-form", map[string]string{"code": strings.ToLower(code), "username": "admin", "password": testPassword}))
	page.waitFor(`!document.getElementById("status").hidden`)
	page.waitFor(`document.querySelector('[data-key="version"]').textContent === "v1.2.3-test"`)
	page.waitFor(`document.querySelector('[data-key="username"]').textContent === "admin"`)
	page.waitFor(`document.getElementById("live").textContent === "live"`)
	page.waitFor(`document.querySelector('[data-key="revision"]').textContent === "0"`)

	ext := store.Extension{Number: "100", Name: "Reception", Outbound: store.OutboundInternal}
	if err := e.st.Extensions().Create(ctx, &ext); err != nil {
		t.Fatal(err)
	}
	page.waitFor(`document.querySelector('[data-key="revision"]').textContent === "1"`)

	page.run(`document.getElementById("logout").click()`)
	page.waitFor(`!document.getElementById("login").hidden`)
	page.run(fillForm("login-form", map[string]string{"username": "admin", "password": testPassword}))
	page.waitFor(`!document.getElementById("status").hidden && document.getElementById("live").textContent === "live"`)

	if problems := page.problems(); len(problems) > 0 {
		t.Fatalf("the page reported problems:\n%s", strings.Join(problems, "\n"))
	}
}

// fillForm returns JavaScript that fills the form with id and submits it as
// a click on its button would.
func fillForm(id string, values map[string]string) string {
	v, _ := json.Marshal(values)
	return fmt.Sprintf(`(() => {
		const f = document.getElementById(%q);
		for (const [k, v] of Object.entries(%s)) {
			f.elements[k].value = v;
			f.elements[k].dispatchEvent(new Event("input", {bubbles: true}));
		}
		f.requestSubmit();
	})()`, id, v)
}

// findChromium returns the path of a Chromium binary or fails the test.
func findChromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome-stable", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("chromium not found in PATH: install it (Debian: apt-get install -y chromium); CI installs it")
	return ""
}

// cdpPage is one browser tab driven over the Chrome DevTools protocol with
// a flat session on the browser's websocket. It is used from the test's
// goroutine only.
type cdpPage struct {
	t       *testing.T
	ctx     context.Context
	conn    *websocket.Conn
	session string
	nextID  int

	mu     sync.Mutex
	issues []string // exceptions and CSP violations the page reported
}

// startChromium launches headless Chromium in its own process group, with a
// fresh profile, and opens a tab. The test's cleanup closes it.
func startChromium(ctx context.Context, t *testing.T) *cdpPage {
	t.Helper()
	bin := findChromium(t)
	cmd := exec.Command(bin,
		"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(), "--remote-debugging-port=0", "about:blank")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // helpers left in the group, if any
	})

	listening := regexp.MustCompile(`DevTools listening on (ws://\S+)`)
	found := make(chan string, 1)
	var tail []string
	var tailMu sync.Mutex
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			}
			tailMu.Lock()
			tail = append(tail, sc.Text())
			if len(tail) > 20 {
				tail = tail[1:]
			}
			tailMu.Unlock()
		}
		io.Copy(io.Discard, stderr)
	}()
	var wsURL string
	select {
	case wsURL = <-found:
	case <-exited:
		tailMu.Lock()
		defer tailMu.Unlock()
		t.Fatalf("chromium exited before it listened for DevTools:\n%s", strings.Join(tail, "\n"))
	case <-ctx.Done():
		t.Fatalf("chromium did not start within the test's time")
	}

	conn, _, err := websocket.DefaultDialer.DialContext(ctx, wsURL, nil)
	if err != nil {
		t.Fatalf("connect to chromium's DevTools at %s: %v", wsURL, err)
	}
	p := &cdpPage{t: t, ctx: ctx, conn: conn}
	t.Cleanup(func() {
		p.call("", "Browser.close", nil, nil)
		conn.Close()
	})

	var target struct {
		TargetID string `json:"targetId"`
	}
	p.mustCall("", "Target.createTarget", map[string]any{"url": "about:blank"}, &target)
	var attached struct {
		SessionID string `json:"sessionId"`
	}
	p.mustCall("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &attached)
	p.session = attached.SessionID
	p.mustCall(p.session, "Runtime.enable", nil, nil)
	p.mustCall(p.session, "Log.enable", nil, nil)
	p.mustCall(p.session, "Page.enable", nil, nil)
	return p
}

// call sends one DevTools command and waits for its answer, noting the
// events that arrive meanwhile.
func (p *cdpPage) call(session, method string, params, result any) error {
	p.nextID++
	id := p.nextID
	msg := map[string]any{"id": id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	if session != "" {
		msg["sessionId"] = session
	}
	deadline, _ := p.ctx.Deadline()
	p.conn.SetWriteDeadline(deadline)
	if err := p.conn.WriteJSON(msg); err != nil {
		return fmt.Errorf("devtools %s: %w", method, err)
	}
	p.conn.SetReadDeadline(deadline)
	for {
		var in struct {
			ID     int             `json:"id"`
			Method string          `json:"method"`
			Params json.RawMessage `json:"params"`
			Result json.RawMessage `json:"result"`
			Error  *struct {
				Message string `json:"message"`
			} `json:"error"`
		}
		if err := p.conn.ReadJSON(&in); err != nil {
			return fmt.Errorf("devtools %s: %w", method, err)
		}
		if in.ID == 0 {
			p.noteEvent(in.Method, in.Params)
			continue
		}
		if in.ID != id {
			continue
		}
		if in.Error != nil {
			return fmt.Errorf("devtools %s: %s", method, in.Error.Message)
		}
		if result != nil {
			return json.Unmarshal(in.Result, result)
		}
		return nil
	}
}

func (p *cdpPage) mustCall(session, method string, params, result any) {
	p.t.Helper()
	if err := p.call(session, method, params, result); err != nil {
		p.t.Fatal(err)
	}
}

// noteEvent keeps exceptions and CSP violations for problems.
func (p *cdpPage) noteEvent(method string, params json.RawMessage) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch method {
	case "Runtime.exceptionThrown":
		p.issues = append(p.issues, "exception: "+string(params))
	case "Log.entryAdded":
		if s := string(params); strings.Contains(s, "Content Security Policy") {
			p.issues = append(p.issues, "CSP: "+s)
		}
	case "Runtime.consoleAPICalled":
		if s := string(params); strings.Contains(s, `"type":"error"`) {
			p.issues = append(p.issues, "console error: "+s)
		}
	}
}

func (p *cdpPage) problems() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.issues...)
}

func (p *cdpPage) navigate(url string) {
	p.t.Helper()
	p.mustCall(p.session, "Page.navigate", map[string]any{"url": url}, nil)
}

// eval evaluates expr in the page and returns its value as JSON.
func (p *cdpPage) eval(expr string) (json.RawMessage, error) {
	var res struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text string `json:"text"`
		} `json:"exceptionDetails"`
	}
	if err := p.call(p.session, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &res); err != nil {
		return nil, err
	}
	if res.ExceptionDetails != nil {
		return nil, fmt.Errorf("evaluate %s: %s", expr, res.ExceptionDetails.Text)
	}
	return res.Result.Value, nil
}

// run evaluates expr and fails the test if it throws.
func (p *cdpPage) run(expr string) {
	p.t.Helper()
	if _, err := p.eval(expr); err != nil {
		p.t.Fatal(err)
	}
}

// waitFor polls cond, a JavaScript expression, until it is true, and fails
// the test when the test's deadline passes first.
func (p *cdpPage) waitFor(cond string) {
	p.t.Helper()
	var last string
	for {
		v, err := p.eval(cond)
		if err == nil && string(v) == "true" {
			return
		}
		if err != nil {
			last = err.Error()
		}
		select {
		case <-p.ctx.Done():
			shown, _ := p.eval(`document.getElementById("error") ? document.getElementById("error").textContent : ""`)
			p.t.Fatalf("page never satisfied %s (last error %q, error shown %s, problems %q)", cond, last, shown, p.problems())
		case <-time.After(50 * time.Millisecond):
		}
	}
}
