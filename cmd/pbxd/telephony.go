package main

import (
	"context"
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
	"github.com/hookflash/firmware/pbx/tts"
	"github.com/hookflash/firmware/pbx/voicemail"
)

// telephony is what the web UI needs of the running telephony parts.
type telephony struct {
	sipAddr string // where phones register: the advertised address and the SIP port
	dryRun  func(context.Context, scn.DryRun) (*scn.Trace, error)
	status  *liveStatus        // the dashboard's live state (status.go)
	sms     *sms.Service       // SMS and USSD for the web API, which names modules by key
	vm      *voicemail.Service // mailboxes' messages for the web API
	sw      *call.Switch       // for the watchdog's health check
	// address follows the box's LAN address when -sip listens on every
	// address (nil otherwise); followAddress starts it.
	address *addressWatch
}

// startTelephony builds media -> channels -> scenarios -> switch, starts
// them and pushes their stop functions. On stop the switch hangs up the
// calls in progress first, while the channels can still signal it.
func startTelephony(ctx context.Context, stack *stopStack, cfg config, st *store.Store, hw *hardware, speech tts.Synth, log *slog.Logger) (telephony, error) {
	host, _, err := net.SplitHostPort(cfg.SIPAddr)
	if err != nil {
		return telephony{}, fmt.Errorf("pbxd: -sip: %w", err)
	}
	ip, follow, err := advertisedIP(host, lanAddress, log)
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
	mwi, vm := &messageWaiting{st: st, lines: lines, log: log.With("part", "mwi")}, &planVoicemail{}
	plan, err := dialplan.New(ctx, st, &dialplan.Opts{RingTimeout: cfg.RingTimeout, LineUp: lines.up, Voicemail: vm, Logger: log.With("part", "dialplan")})
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
	texts, err := startSMS(ctx, stack, st, hw, lines.gsm, log.With("part", "sms"))
	if err != nil {
		return telephony{}, err
	}
	engine, mailboxes, err := startScenarios(ctx, stack, datadir.Dir(cfg.DataDir), st, plan.Handle, plan, smsByName{st, texts}, mwi.set, speech, log)
	if err != nil {
		return telephony{}, err
	}
	vm.Store(mailboxes)
	rooms := conf.New(conf.Opts{Logger: log.With("part", "conference")})
	stack.push("conference rooms", func(context.Context) error { rooms.Close(); return nil })
	dialers := sipCh.Dialers()
	dialers["conf"] = rooms
	dialers[dialplan.PickupKind] = plan.Pickups()
	lines.addDialers(dialers)
	sw := call.New(call.Options{Dialers: dialers, Handler: engine.Handle, Records: st.CallRecords(), Logger: log.With("part", "switch")})
	if err := sipCh.Start(ctx, sw); err != nil {
		return telephony{}, fmt.Errorf("pbxd: %w", err)
	}
	if err := lines.start(ctx, stack, sw); err != nil {
		return telephony{}, err
	}
	mwi.start(mailboxes)
	log.Info("listening", "part", "SIP", "addr", cfg.SIPAddr, "media", ip, "rtp_ports", fmt.Sprintf("%d-%d", cfg.RTPPorts[0], cfg.RTPPorts[1]))
	stack.push("SIP channel", sipCh.Stop)
	stack.push("switch", sw.Shutdown)
	_, sipPort, _ := net.SplitHostPort(cfg.SIPAddr)
	tel := telephony{sipAddr: net.JoinHostPort(ip.String(), sipPort), dryRun: engine.DryRun,
		status: &liveStatus{lines: lines, sip: sipCh, sw: sw, now: time.Now}, sms: texts, sw: sw, vm: mailboxes}
	if follow {
		tel.address = &addressWatch{cur: ip, lookup: lanAddress, every: addressPoll, log: log.With("part", "address"),
			apply: []func(netip.Addr) error{eng.SetIP, func(ip netip.Addr) error { return sipCh.SetHost(ip.String()) }}}
	}
	return tel, nil
}

// followAddress starts following the LAN address (when -sip listens on
// every address); onChange gets the new address phones register at.
func (t telephony) followAddress(stack *stopStack, onChange func(sipAddr string)) {
	a := t.address
	if a == nil {
		return
	}
	_, port, _ := net.SplitHostPort(t.sipAddr)
	a.apply = append(a.apply, func(ip netip.Addr) error { onChange(net.JoinHostPort(ip.String(), port)); return nil })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); a.run(ctx) }()
	stack.push("address watch", func(context.Context) error { cancel(); <-done; return nil })
}

// advertisedIP is the address phones reach the box at: host itself, or,
// when host is unspecified (0.0.0.0 or ::), the box's LAN address (lan),
// which is then followed (follow is true). A box without one yet (DHCP has
// not answered) starts on 127.0.0.1 and takes the LAN address as soon as it
// appears.
func advertisedIP(host string, lan func() (netip.Addr, bool), log *slog.Logger) (ip netip.Addr, follow bool, err error) {
	ip, err = netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}, false, fmt.Errorf("pbxd: -sip host %q: want an IP address", host)
	}
	if !ip.IsUnspecified() {
		return ip, false, nil
	}
	if ip, ok := lan(); ok {
		log.Info("address: advertising the LAN address", "addr", ip)
		return ip, true, nil
	}
	log.Warn("address: the box has no LAN address yet: advertising 127.0.0.1 until it has one", "addr", fallbackIP)
	return fallbackIP, true, nil
}
