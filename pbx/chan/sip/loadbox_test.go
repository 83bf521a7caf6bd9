package sip

import (
	"fmt"
	"net/http"
	_ "net/http/pprof"
	"net/netip"
	"os"
	"os/signal"
	"syscall"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/media"
)

// TestLoadBox is the box that testdata/load.sh measures when no pbxd is
// given: the channel on $HOOKFLASH_LOAD_BOX with extensions 101 to 103
// (password testPassword), real media, and the bridging switch. It runs
// until SIGTERM and is skipped unless that variable is set.
func TestLoadBox(t *testing.T) {
	addr := os.Getenv("HOOKFLASH_LOAD_BOX")
	if addr == "" {
		t.Skip("set HOOKFLASH_LOAD_BOX=host:port to run the load box (testdata/load.sh does)")
	}
	st := newStore(t)
	eng, err := media.NewEngine(media.Config{IP: netip.MustParseAddr("127.0.0.1"), PortMin: 30000, PortMax: 60000})
	if err != nil {
		t.Fatal(err)
	}
	sw := newBridgeSwitch(30 * time.Second)
	sw.done = make(chan bridged, 64)
	c, err := New(Opts{Addr: addr, Store: st, Media: MediaFrom(eng)})
	if err != nil {
		t.Fatal(err)
	}
	sw.c.Store(c)
	if err := c.Start(t.Context(), sw); err != nil {
		t.Fatal(err)
	}
	go func() {
		for range sw.done {
		}
	}()
	if pp := os.Getenv("HOOKFLASH_LOAD_PPROF"); pp != "" {
		// The profiles of the box under load: go tool pprof -top
		// http://$HOOKFLASH_LOAD_PPROF/debug/pprof/heap, and the box's
		// counters at /counters.
		http.HandleFunc("/counters", func(w http.ResponseWriter, _ *http.Request) {
			fmt.Fprintf(w, "shed %d handled %d legs %d dialogs %d\n", c.disp.shed.Load(), c.disp.handled.Load(), c.calls.Load(), c.dialogs.Len())
		})
		go http.ListenAndServe(pp, nil)
	}
	fmt.Printf("ready %s pid %d\n", c.Addr(), os.Getpid())
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, os.Interrupt)
	<-sig
	fmt.Printf("shed %d handled %d legs %d dialogs %d\n", c.disp.shed.Load(), c.disp.handled.Load(), c.calls.Load(), c.dialogs.Len())
	c.Stop(t.Context())
}
