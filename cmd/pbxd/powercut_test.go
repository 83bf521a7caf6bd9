package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"path/filepath"
	"slices"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/store"
)

// adminClient is a logged-in browser session against a running pbxd.
type adminClient struct {
	t    *testing.T
	base string
	http *http.Client
	csrf string
}

const testPassword = "correct horse battery"

// newAdminClient fetches a CSRF cookie, then sets the admin password with
// the setup code (when code is not empty) or logs in.
func newAdminClient(t *testing.T, base, code string) *adminClient {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &adminClient{t: t, base: base, http: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
	resp, err := c.http.Get(base + "/api/csrf")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, ck := range jar.Cookies(resp.Request.URL) {
		if ck.Name == "hf_csrf" {
			c.csrf = ck.Value
		}
	}
	if code != "" {
		c.mustDo("POST", "/api/setup", map[string]string{"code": code, "username": "admin", "password": testPassword}, nil)
	} else {
		c.mustDo("POST", "/api/login", map[string]string{"username": "admin", "password": testPassword}, nil)
	}
	var sess struct {
		CSRFToken string `json:"csrf_token"`
	}
	c.mustDo("GET", "/api/session", nil, &sess)
	c.csrf = sess.CSRFToken
	return c
}

// do sends a JSON request and returns the status code; out receives the
// JSON answer of a 2xx response.
func (c *adminClient) do(method, path string, in, out any) (int, error) {
	var body bytes.Buffer
	if in != nil {
		json.NewEncoder(&body).Encode(in)
	}
	req, err := http.NewRequest(method, c.base+path, &body)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", c.csrf)
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 == 2 && out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			return resp.StatusCode, err
		}
	}
	return resp.StatusCode, nil
}

func (c *adminClient) mustDo(method, path string, in, out any) {
	c.t.Helper()
	code, err := c.do(method, path, in, out)
	if err != nil || code/100 != 2 {
		c.t.Fatalf("%s %s = %d, %v", method, path, code, err)
	}
}

// change is one config change the test sends; state maps extension number
// to name.
type change struct {
	number, name string
	delete       bool
}

func (ch change) apply(state map[string]string) {
	if ch.delete {
		delete(state, ch.number)
	} else {
		state[ch.number] = ch.name
	}
}

// TestPowerCutKeepsEveryAcknowledgedChange streams config changes through
// the web API to a running pbxd, kills it with SIGKILL at a random point,
// and checks that the database is intact and holds every change the API
// acknowledged. Three rounds run on the same data directory.
func TestPowerCutKeepsEveryAcknowledgedChange(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	dir := t.TempDir()
	state := map[string]string{} // what the acknowledged changes made
	ids := map[string]int64{}
	next := 100

	for round := range 3 {
		d := startDaemon(t, dir)
		code := ""
		if round == 0 {
			code = d.setupCode
		}
		c := newAdminClient(t, d.web, code)

		var acked atomic.Int64
		killAt := int64(10 + rng.IntN(60))
		killDelay := time.Duration(rng.IntN(3000)) * time.Microsecond // to land inside a request
		killed := make(chan struct{})
		go func() {
			for acked.Load() < killAt {
				time.Sleep(time.Millisecond)
			}
			time.Sleep(killDelay)
			d.cmd.Process.Signal(syscall.SIGKILL)
			close(killed)
		}()

		var inFlight *change
		for i := 0; ; i++ {
			var ch change
			var status int
			var err error
			switch {
			case i%5 == 4 && len(state) > 0: // rename one
				ch.number = anyKey(state, rng)
				ch.name = fmt.Sprintf("renamed %d.%d", round, i)
				status, err = c.do("PUT", fmt.Sprintf("/api/extensions/%d", ids[ch.number]),
					map[string]any{"id": ids[ch.number], "number": ch.number, "name": ch.name, "on_duty": true, "outbound": "internal"}, nil)
			case i%7 == 6 && len(state) > 0: // delete one
				ch.number, ch.delete = anyKey(state, rng), true
				status, err = c.do("DELETE", fmt.Sprintf("/api/extensions/%d", ids[ch.number]), nil, nil)
			default:
				ch.number, ch.name = fmt.Sprint(next), fmt.Sprintf("person %d", next)
				next++
				var created store.Extension
				status, err = c.do("POST", "/api/extensions", map[string]any{"number": ch.number, "name": ch.name}, &created)
				if err == nil && status/100 == 2 {
					ids[ch.number] = created.ID
				}
			}
			if err != nil { // the kill cut this request: it may or may not have landed
				inFlight = &ch
				break
			}
			if status/100 != 2 {
				t.Fatalf("round %d change %+v: status %d", round, ch, status)
			}
			ch.apply(state)
			acked.Add(1)
		}
		<-killed
		<-d.exited

		got := extensionsOnDisk(t, dir)
		with := maps.Clone(state)
		if inFlight != nil {
			inFlight.apply(with)
		}
		switch {
		case maps.Equal(got, state):
		case maps.Equal(got, with):
			state = with // the cut request had landed
			if inFlight.delete {
				delete(ids, inFlight.number)
			} else if _, ok := ids[inFlight.number]; !ok {
				ids[inFlight.number] = findID(t, dir, inFlight.number)
			}
		default:
			t.Fatalf("round %d: after SIGKILL after %d acknowledged changes the database holds\n%v\nwant\n%v\n(or with the cut change %+v)",
				round, acked.Load(), got, state, inFlight)
		}
		t.Logf("round %d: killed after %d acknowledged changes; %d extensions intact", round, acked.Load(), len(state))
	}
}

// extensionsOnDisk opens the database of a killed pbxd, checks its
// integrity and returns its extensions.
func extensionsOnDisk(t *testing.T, dir string) map[string]string {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, "pbx.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	exts, err := st.Extensions().List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range exts {
		got[e.Number] = e.Name
	}
	return got
}

func findID(t *testing.T, dir, number string) int64 {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(dir, "pbx.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	e, err := st.Extensions().FindBy(context.Background(), "number", number)
	if err != nil {
		t.Fatal(err)
	}
	return e.ID
}

func anyKey(m map[string]string, rng *rand.Rand) string {
	keys := slices.Sorted(maps.Keys(m)) // sorted, so the seed reproduces the choice
	return keys[rng.IntN(len(keys))]
}
