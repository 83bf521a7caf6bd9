package main

import (
	"context"
	"regexp"
	"testing"
	"time"
)

// TestE2EResetButton presses the simulated board's reset button through the
// lab: a short press only logs the reboot request (a development machine is
// never rebooted); a 12 s press erases the configuration, and pbxd starts
// again in place (same process) with a new setup code.
func TestE2EResetButton(t *testing.T) {
	t.Parallel()
	b := startLabBox(t, analogOffice)
	first := b.setupCode
	b.act(t, "button", map[string]int{"ms": 600})
	b.waitLog(t, "the reboot request", regexp.MustCompile(`reboot requested \(simulated board`), 5*time.Second)

	b.act(t, "button", map[string]int{"ms": 12000})
	b.waitLog(t, "the factory reset", regexp.MustCompile(`factory reset done`), 20*time.Second)
	var code string
	waitUntil(t, "pbxd to start again with a new setup code", 20*time.Second, func() bool {
		m := setupCodeRe.FindAllStringSubmatch(b.output(), -1)
		if len(m) < 2 {
			return false
		}
		code = m[len(m)-1][1]
		return len(listeningRe.FindAllString(b.output(), -1)) >= 2 // the web UI serves again
	})
	if code == first {
		t.Errorf("the setup code after the factory reset is the first one (%s); want a new one", code)
	}
	select {
	case <-b.exited:
		t.Fatalf("pbxd exited instead of starting again:\n%s", tail(b.output(), 4000))
	default:
	}
	exts, err := b.store(t).Extensions().List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	admins, err := b.store(t).Admins().List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(exts) != 0 || len(admins) != 0 {
		t.Errorf("after the factory reset: %d extensions, %d admins; want none", len(exts), len(admins))
	}
}
