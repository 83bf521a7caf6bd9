package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"time"

	"github.com/hookflash/firmware/pbx/call"
	"github.com/hookflash/firmware/pbx/chan/sip"
	"github.com/hookflash/firmware/pbx/conf"
	"github.com/hookflash/firmware/pbx/datadir"
	"github.com/hookflash/firmware/pbx/dialplan"
	"github.com/hookflash/firmware/pbx/media"
	scn "github.com/hookflash/firmware/pbx/scenario"
	"github.com/hookflash/firmware/pbx/sms"
	"github.com/hookflash/firmware/pbx/store"
)

// telephony is what the web UI needs of the running telephony parts.
type telephony struct {
	sipAddr string // where phones register: the advertised address and the SIP port
	dryRun  func(context.Context, scn.DryRun) (*scn.Trace, error)
	status  *liveStatus  // the dashboard's live state (status.go)
	sms     *sms.Service // SMS and USSD for the web API, which names modules by key
}

// startTelephony builds media -> channels -> scenarios -> switch, starts
// them and pushes their stop functions. On stop the switch hangs up the
// calls in progress first, while the channels can still signal it.
func startTelephony(ctx context.Context, stack *stopStack, cfg config, st *store.Store, hw *hardware, log *slog.Logger) (telephony, error) {
	host, _, err := net.SplitHostPort(cfg.SIPAddr)
	if err != nil {
		return telephony{}, fmt.Errorf("pbxd: -sip: %w", err)
	}
	ip, err := advertisedIP(host)
	if err != nil {
		return telephony{}, err
	}
	eng, err := media.NewEngine(media.Config{IP: ip, PortMin: cfg.RTPPorts[0], PortMax: cfg.RTPPorts[1], Logger: log.With("part", "media")})
	if err != nil {
		return telephony{}, fmt.Errorf("pbxd: %w", err)
	}

	lines, err := newLineChannels(st, hw, log)
	if err != nil {
		return telephony{}, err
	}
	plan, err := dialplan.New(ctx, st, &dialplan.Opts{RingTimeout: cfg.RingTimeout, LineUp: lines.up, Logger: log.With("part", "dialplan")})
	if err != nil {
		return telephony{}, fmt.Errorf("pbxd: %w", err)
	}
	lines.plan.Store(plan)
	planCtx, stopPlan := context.WithCancel(context.Background())
	planDone := make(chan struct{})
	go func() {
		defer close(planDone)
		plan.Run(planCtx)
	}()
	stack.push("dial plan", func(context.Context) error { stopPlan(); <-planDone; return nil })

	sipCh, err := sip.New(sip.Opts{Addr: cfg.SIPAddr, Host: ip.String(), Store: st, Media: sip.MediaFrom(eng), Logger: log.With("part", "sip")})
	if err != nil {
		return telephony{}, fmt.Errorf("pbxd: %w", err)
	}
	texts, err := startSMS(ctx, stack, st, hw, log.With("part", "sms"))
	if err != nil {
		return telephony{}, err
	}
	engine, err := startScenarios(ctx, stack, datadir.Dir(cfg.DataDir), st, plan.Handle, smsByName{st, texts}, log)
	if err != nil {
		return telephony{}, err
	}
	rooms := conf.New(conf.Opts{Logger: log.With("part", "conference")})
	stack.push("conference rooms", func(context.Context) error { rooms.Close(); return nil })
	dialers := sipCh.Dialers()
	dialers["conf"] = rooms
	lines.addDialers(dialers)
	sw := call.New(call.Options{Dialers: dialers, Handler: engine.Handle, Records: st.CallRecords(), Logger: log.With("part", "switch")})
	if err := sipCh.Start(ctx, sw); err != nil {
		return telephony{}, fmt.Errorf("pbxd: %w", err)
	}
	if err := lines.start(ctx, stack, sw); err != nil {
		return telephony{}, err
	}
	log.Info("listening", "part", "SIP", "addr", cfg.SIPAddr, "media", ip, "rtp_ports", fmt.Sprintf("%d-%d", cfg.RTPPorts[0], cfg.RTPPorts[1]))
	stack.push("SIP channel", sipCh.Stop)
	stack.push("switch", sw.Shutdown)
	_, sipPort, _ := net.SplitHostPort(cfg.SIPAddr)
	return telephony{sipAddr: net.JoinHostPort(ip.String(), sipPort), dryRun: engine.DryRun,
		status: &liveStatus{lines: lines, sip: sipCh, sw: sw, now: time.Now}, sms: texts}, nil
}

// advertisedIP is the address phones reach the box at: host itself, or,
// when host is unspecified (0.0.0.0 or ::), the first non-loopback IPv4
// address of the box.
func advertisedIP(host string) (netip.Addr, error) {
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}, fmt.Errorf("pbxd: -sip host %q: want an IP address", host)
	}
	if !ip.IsUnspecified() {
		return ip, nil
	}
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return netip.Addr{}, fmt.Errorf("pbxd: list addresses: %w", err)
	}
	for _, a := range addrs {
		if p, err := netip.ParsePrefix(a.String()); err == nil && p.Addr().Is4() && !p.Addr().IsLoopback() {
			return p.Addr(), nil
		}
	}
	return netip.Addr{}, errors.New("pbxd: -sip is unspecified and the box has no IPv4 address yet: give -sip the LAN address")
}
