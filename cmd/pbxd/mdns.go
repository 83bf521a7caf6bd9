package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"strings"
	"sync"
	"time"

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
	name   string // the name answered, e.g. "hookflash.local"
	listen string // UDP address, mdnsListen on the box
	log    *slog.Logger

	mu   sync.Mutex
	conn *mdns.Conn // nil until the first address, and after close
	addr netip.Addr
}

// startMDNS answers for the host name with ".local" appended when the web UI
// listens on every address (on the box); a development machine whose web UI
// is on loopback announces nothing. It follows the LAN address as SIP does
// (lanAddress, every addressPoll).
func startMDNS(stack *stopStack, cfg config, log *slog.Logger) error {
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
	r := &mdnsResponder{name: mdnsName(hostname), listen: mdnsListen, log: log}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); r.follow(ctx, lanAddress, addressPoll) }()
	stack.push("mdns", func(context.Context) error { cancel(); <-done; return r.close() })
	return nil
}

// follow looks the address up now and every interval until ctx ends, and
// answers with it. A failure is logged once until it changes.
func (r *mdnsResponder) follow(ctx context.Context, lookup func() (netip.Addr, bool), every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	last := ""
	for {
		if ip, ok := lookup(); ok {
			err := r.setAddress(ip)
			if err != nil && err.Error() != last {
				r.log.Error("mdns: cannot answer for the box's name; installers must find its address another way", "name", r.name, "err", err)
			}
			last = ""
			if err != nil {
				last = err.Error()
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
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
	if ip == r.addr && r.conn != nil {
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
