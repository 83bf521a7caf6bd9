package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/hookflash/firmware/pbx/datadir"
	"github.com/hookflash/firmware/webui"
	"github.com/pion/logging"
	"github.com/pion/mdns/v2"
	"golang.org/x/net/dns/dnsmessage"
	"golang.org/x/net/ipv4"
)

// mdnsListen is where the responder listens: mDNS's port on every address
// (a multicast address makes Go bind the wildcard with SO_REUSEADDR, so it
// shares the port with another responder such as Avahi).
const mdnsListen = "224.0.0.0:5353"

// mdnsResponder answers mDNS questions (RFC 6762) for the box's name, such
// as hookflash.local, with its LAN address, so that an installer finds the
// box without knowing what DHCP gave it. Questions from port 5353 get a
// multicast answer, others (a one-shot query, RFC 6762 section 6.7) a
// unicast one. Only A records: the box advertises IPv4 as SIP does.
//
// setAddress and close are safe for concurrent use.
type mdnsResponder struct {
	name   string // the name answered, e.g. "hookflash.local"; claim may change it
	listen string // UDP address, mdnsListen on the box
	log    *slog.Logger
	// claimed, when not nil, gets the name once claim chose it, and the
	// name another device answers for when it is not the first choice.
	claimed func(name, taken string)

	useMu   sync.Mutex // held by use and useLocked's callers
	probed  bool       // claim ran
	lastErr string     // the last failure use logged

	mu     sync.Mutex
	conn   *mdns.Conn // nil until the first address, and after close
	addr   netip.Addr
	closed bool // close ran: setAddress answers no more
}

// startMDNS answers for the host name with ".local" appended when the web UI
// listens on every address (on the box); a development machine whose web UI
// is on loopback announces nothing. It follows the LAN address with watch,
// SIP's address watcher, when SIP follows it too (on the box), else with
// its own lookups (lanAddress, every addressPoll). Call it before
// followAddress starts watch.
func startMDNS(stack *stopStack, cfg config, watch *addressWatch, claimed func(name, taken string), log *slog.Logger) error {
	host, _, err := net.SplitHostPort(cfg.WebAddr)
	if err != nil {
		return fmt.Errorf("pbxd: -web: %w", err)
	}
	if ip, err := netip.ParseAddr(host); err != nil || !ip.IsUnspecified() {
		return nil
	}
	hostname, err := os.Hostname()
	if err != nil {
		return fmt.Errorf("pbxd: mdns: %w", err)
	}
	r := &mdnsResponder{name: mdnsName(hostname), listen: mdnsListen, log: log, claimed: claimed}
	if watch == nil {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); r.follow(ctx, lanAddress, addressPoll) }()
		stack.push("mdns", func(context.Context) error { cancel(); <-done; return r.close() })
		return nil
	}
	inUse := r.followWatch(watch)
	stack.push("mdns", func(context.Context) error { <-inUse; return r.close() })
	return nil
}

// followWatch answers with the address watch advertises now, unless it is
// the fallback 127.0.0.1, and with each new one it applies. The returned
// channel is closed once the current address is in use. Call it before
// watch runs.
func (r *mdnsResponder) followWatch(watch *addressWatch) <-chan struct{} {
	watch.apply = append(watch.apply, func(ip netip.Addr) error { r.use(ip); return nil })
	first := watch.cur // the watch has not started: nothing changes it yet
	done := make(chan struct{})
	r.useMu.Lock() // taken now, so that a change the watch applies comes after
	go func() {
		defer close(done)
		defer r.useMu.Unlock()
		if first != fallbackIP {
			r.useLocked(first)
		}
	}()
	return done
}

// follow looks the address up now and every interval until ctx ends, and
// answers with it.
func (r *mdnsResponder) follow(ctx context.Context, lookup func() (netip.Addr, bool), every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if ip, ok := lookup(); ok {
			r.use(ip)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// use answers with ip from now on; the first time, it claims the name
// first (probing takes about a second). A failure is logged once until it
// changes. It is safe for concurrent use.
func (r *mdnsResponder) use(ip netip.Addr) {
	r.useMu.Lock()
	defer r.useMu.Unlock()
	r.useLocked(ip)
}

// useLocked is use with useMu held.
func (r *mdnsResponder) useLocked(ip netip.Addr) {
	if !r.probed {
		r.claim(ip)
		r.probed = true
	}
	err := r.setAddress(ip)
	if err != nil && err.Error() != r.lastErr {
		r.log.Error("mdns: cannot answer for the box's name; installers must find its address another way", "name", r.name, "err", err)
	}
	r.lastErr = ""
	if err != nil {
		r.lastErr = err.Error()
	}
}

// claim probes for the name before the box first answers for it (RFC 6762
// section 8): when another host answers for it, the box takes the next
// free name of nameCandidate (hookflash-2.local, ...), logs it and tells
// r.claimed. A probe that cannot be sent (no multicast interface yet) keeps
// the name. Only the first claim probes: later the box defends its name by
// answering for it.
func (r *mdnsResponder) claim(ip netip.Addr) {
	base := r.name
	for i := 1; i <= maxNameTries; i++ {
		name := nameCandidate(base, i)
		owner, taken, err := nameOwner(r.listen, name, ip)
		if err != nil {
			r.log.Warn("mdns: cannot probe for the name; answering for it without", "name", name, "err", err)
		}
		if taken && i < maxNameTries {
			r.log.Warn("mdns: another device answers for this name; trying the next", "name", name, "owner", owner)
			continue
		}
		if taken {
			r.log.Error("mdns: every name tried is taken; answering for the last anyway", "name", name)
		}
		r.mu.Lock()
		r.name = name
		r.mu.Unlock()
		other := ""
		if name != base {
			other = base
			r.log.Warn("mdns: the box answers for another name, as another device answers for its own", "name", name, "taken", base)
		}
		if r.claimed != nil {
			r.claimed(name, other)
		}
		return
	}
}

// mdnsName turns a host name into the name the box answers for: its first
// label, lower case, in .local.
func mdnsName(hostname string) string {
	label, _, _ := strings.Cut(hostname, ".")
	if label == "" {
		label = "hookflash"
	}
	return strings.ToLower(label) + ".local"
}

// setAddress answers with ip from now on. The library answers with one
// fixed address, so a new one starts a new server before the old stops.
func (r *mdnsResponder) setAddress(ip netip.Addr) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed || ip == r.addr && r.conn != nil {
		return nil
	}
	laddr, err := net.ResolveUDPAddr("udp4", r.listen)
	if err != nil {
		return fmt.Errorf("mdns: %w", err)
	}
	l, err := net.ListenUDP("udp4", laddr)
	if err != nil {
		return fmt.Errorf("mdns: listen on %s: %w", r.listen, err)
	}
	conn, err := mdns.NewServer(ipv4.NewPacketConn(l), nil,
		mdns.WithLocalNames(r.name),
		mdns.WithLocalAddress(net.IP(ip.AsSlice())),
		mdns.WithRecordTypes(dnsmessage.TypeA),
		mdns.WithCacheRefresh(false),
		mdns.WithIncludeLoopback(true), // answers the box itself, and a query to 127.0.0.1
		mdns.WithLoggerFactory(&logging.DefaultLoggerFactory{Writer: slogWriter{r.log}, DefaultLogLevel: logging.LogLevelWarn}),
	)
	if err != nil {
		l.Close()
		return fmt.Errorf("mdns: %w", err)
	}
	if r.conn != nil {
		r.conn.Close()
	}
	r.conn, r.addr = conn, ip
	r.log.Info("mdns: answering", "name", r.name, "addr", ip)
	return nil
}

// close stops answering.
func (r *mdnsResponder) close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	if r.conn == nil {
		return nil
	}
	err := r.conn.Close()
	r.conn = nil
	return err
}

// slogWriter passes the library's log lines on as warnings.
type slogWriter struct{ log *slog.Logger }

func (w slogWriter) Write(p []byte) (int, error) {
	w.log.Warn(string(bytes.TrimSpace(p)))
	return len(p), nil
}

// mdnsNameFile is the file in the data directory that holds the name the
// box answers mDNS for, which the console shows.
const mdnsNameFile = "mdns-name"

// showMDNSName shows the name the box answers mDNS for where the box shows
// its addresses: GET /api/status (the dashboard), the console's banner
// (through the data directory's mdns-name file) and, when it is not the
// usual one, a line on the console now.
func showMDNSName(name, taken string, dir datadir.Dir, ui *webui.Server, log *slog.Logger) {
	ui.SetMDNSName(name)
	if err := replaceFile(filepath.Join(string(dir), mdnsNameFile), []byte(name+"\n")); err != nil {
		log.Error("mdns: cannot keep the name for the console", "err", err)
	}
	if taken != "" {
		fmt.Fprintf(os.Stdout, "\n  Another device on the network answers for %s: this box is %s\n\n", taken, name)
	}
}
