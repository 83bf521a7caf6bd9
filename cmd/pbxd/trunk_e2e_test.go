package main

import (
	"context"
	"net"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hookflash/firmware/pbx/store"
)

// Provider account and numbers of TestE2ETrunk.
const (
	trunkUser     = "hookflash-e2e"
	trunkPassword = "trunk secret"
	outsideCaller = "+74957654321" // who calls the office from outside
	dialled       = "84951234567"  // what an extension dials: 8, then the national number
	rewritten     = "+74951234567" // what the rule sends to the provider
)

// TestE2ETrunk runs pbxd with a SIP trunk to a provider played by sipp on
// one local port: pbxd registers the trunk to it with digest
// authentication; the provider's call to a DID equal to an extension's
// number reaches that extension's registered phone; an extension with the
// outbound level "national" dialling the rule's prefix reaches the
// provider with the number rewritten; an "internal" extension dialling the
// same gets 403 and nothing reaches the provider.
func TestE2ETrunk(t *testing.T) {
	t.Parallel()
	needTool(t, "sipp", "sip-tester")
	pcap := tonePcap(t, time.Second)
	provider, sipPort := freePort(t), freePort(t)
	boxAddr := "127.0.0.1:" + strconv.Itoa(sipPort)

	// The provider's registrar is up before pbxd starts registering.
	sf := scenario(t, "provider_registrar.xml", map[string]any{"User": trunkUser, "Password": trunkPassword, "Expires": 3600})
	registrar := startSipp(t, "provider's registrar", boxAddr, "-sf", sf, "-m", "1", "-t", "u1", "-p", strconv.Itoa(provider))
	b := startBoxOn(t, sipPort, func(ctx context.Context, st *store.Store) error {
		for _, x := range []struct{ number, level string }{
			{"101", store.OutboundInternal}, {"102", store.OutboundNational}, {"103", store.OutboundInternal},
		} {
			if err := addPhone(ctx, st, x.number, x.level); err != nil {
				return err
			}
		}
		tr := store.SIPTrunk{Name: "Provider", Host: "127.0.0.1", Port: provider, Transport: "udp",
			Username: trunkUser, Password: trunkPassword, Register: true, Enabled: true}
		if err := st.SIPTrunks().Create(ctx, &tr); err != nil {
			return err
		}
		return st.OutboundRules().Create(ctx, &store.OutboundRule{
			Name: "national", Prefix: "8", Strip: 1, Prepend: "+7", Level: store.OutboundNational, SIPTrunkID: &tr.ID,
		})
	})
	registrar.expect(t, 0) // the provider checked the credentials
	b.waitLog(t, "the trunk to be registered", regexp.MustCompile(`msg="sip: trunk registered".*trunk=Provider`), 10*time.Second)
	if t.Failed() {
		t.FailNow()
	}

	t.Run("a call to a DID reaches the extension", func(t *testing.T) {
		phone := registerPhone(t, b, "101")
		answering := phone.answer(t, "answer", map[string]any{"ExpectFrom": regexp.QuoteMeta(outsideCaller)})
		sf := scenario(t, "call.xml", map[string]any{"Mode": "hangup", "Auth": false, "From": outsideCaller, "Code": 0, "Pcap": pcap, "HoldMS": 1200})
		calling := startSipp(t, "provider calls 101", b.sip, "-sf", sf, "-m", "1", "-t", "u1", "-p", strconv.Itoa(provider),
			"-s", "101", "-mi", "127.0.0.1", "-mp", strconv.Itoa(freePorts(t, 4)))
		calling.expect(t, 0)
		answering.expect(t, 0)
		r := b.waitRecords(t, 1)[0]
		if r.Direction != "inbound" || r.Source != "trunk/Provider" || r.Destination != "sip/101" ||
			r.Caller != outsideCaller || r.Callee != "101" || r.Cause != "normal" || r.AnsweredAt.IsZero() {
			t.Errorf("call record %s; want inbound from trunk/Provider (%s) to sip/101, answered, normal", describe(r), outsideCaller)
		}
		checkBothWays(t, r)
	})

	t.Run("a national extension calls out through the rule", func(t *testing.T) {
		answering := answerOn(t, "provider answers", b.sip, provider, "answer",
			map[string]any{"ExpectURI": regexp.QuoteMeta(rewritten), "ExpectFrom": "102"})
		phone := registerPhone(t, b, "102")
		phone.dial(t, dialled, "hangup", map[string]any{"Pcap": pcap, "HoldMS": 1200}).expect(t, 0)
		answering.expect(t, 0) // it saw the rewritten number and the extension's caller ID
		r := b.waitRecords(t, 2)[1]
		if r.Direction != "outbound" || r.Source != "sip/102" || r.Caller != "102" || r.Destination != "trunk/Provider" ||
			r.Callee != dialled || r.Cause != "normal" || r.AnsweredAt.IsZero() {
			t.Errorf("call record %s; want outbound from sip/102 (102) to trunk/Provider, %s dialled, answered, normal", describe(r), dialled)
		}
		if legs := recordLegs(t, r); len(legs) != 2 || legs[1].Number != rewritten {
			t.Errorf("call record legs %+v; want the trunk leg to %s", legs, rewritten)
		}
		checkBothWays(t, r)
	})

	t.Run("an internal extension may not call out", func(t *testing.T) {
		// The provider is now a bare socket that notes every new INVITE
		// and refuses it busy. After the refused call, a national
		// extension calls out: the first INVITE the provider sees must be
		// that one's, which proves the refused call sent none without
		// waiting for an arbitrary time.
		prov := listenProvider(t, provider)
		registerPhone(t, b, "103").dial(t, dialled, "refused", map[string]any{"Code": 403}).expect(t, 0)
		r := b.waitRecords(t, 3)[2]
		if r.Source != "sip/103" || r.Cause != "rejected" || r.Destination != "" || !r.AnsweredAt.IsZero() {
			t.Errorf("call record %s; want from sip/103, rejected, dialled nowhere", describe(r))
		}

		const later = "84959999999"
		phone := registerPhone(t, b, "102")
		phone.dial(t, later, "refused", map[string]any{"Code": 486}).expect(t, 0)
		select {
		case uri := <-prov.invites:
			if !strings.HasPrefix(uri, "sip:+74959999999@") {
				t.Errorf("the provider's first INVITE is for %s; want the later call's, sip:+74959999999@...", uri)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the provider saw no INVITE, not even the later call's")
		}
		if r := b.waitRecords(t, 4)[3]; r.Source != "sip/102" || r.Cause != "busy" {
			t.Errorf("call record %s; want from sip/102, busy", describe(r))
		}
		select {
		case uri := <-prov.invites:
			t.Errorf("the provider saw another INVITE, for %s", uri)
		default:
		}
	})
}

// checkBothWays fails the test unless both legs of an answered call's
// record relayed RTP in both directions (the answering side echoes what it
// gets, so its leg's received count proves delivery).
func checkBothWays(t *testing.T, r store.CallRecord) {
	t.Helper()
	legs := recordLegs(t, r)
	if len(legs) != 2 || legs[0].Media == nil || legs[1].Media == nil {
		t.Fatalf("call record legs %+v; want two, with media statistics", legs)
	}
	a, b := legs[0].Media, legs[1].Media
	const least = 40 // of the 50 packets in the pcap
	if a.PacketsRecv < least || b.PacketsSent < least || b.PacketsRecv < least || a.PacketsSent < least {
		t.Errorf("RTP did not flow both ways: caller leg %+v, callee leg %+v; want at least %d packets each way", *a, *b, least)
	}
	t.Logf("caller leg %+v, callee leg %+v", *a, *b)
}

// fakeProvider is a provider's SIP port as a bare UDP socket: it answers
// every INVITE with 486 Busy Here and reports the Request-URI of each new
// one (by Call-ID), in the order they came.
type fakeProvider struct {
	conn    *net.UDPConn
	invites chan string
}

func listenProvider(t *testing.T, port int) *fakeProvider {
	t.Helper()
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port})
	if err != nil {
		t.Fatal(err)
	}
	p := &fakeProvider{conn: conn, invites: make(chan string, 16)}
	done := make(chan struct{})
	t.Cleanup(func() { conn.Close(); <-done })
	go func() {
		defer close(done)
		seen := map[string]bool{}
		buf := make([]byte, 65535)
		for {
			n, from, err := conn.ReadFromUDP(buf)
			if err != nil {
				return
			}
			req := string(buf[:n])
			if !strings.HasPrefix(req, "INVITE ") {
				continue // ACK of our 486, or anything else
			}
			res, callID, uri := busyHere(req)
			if !seen[callID] {
				seen[callID] = true
				p.invites <- uri
			}
			conn.WriteToUDP([]byte(res), from)
		}
	}()
	return p
}

// busyHere returns a 486 response to the INVITE req (RFC 3261 section
// 8.2.6: Via, From, Call-ID and CSeq copied, a tag added to To), with the
// request's Call-ID and Request-URI.
func busyHere(req string) (res, callID, uri string) {
	head, _, _ := strings.Cut(req, "\r\n\r\n")
	lines := strings.Split(head, "\r\n")
	if f := strings.Fields(lines[0]); len(f) > 1 {
		uri = f[1]
	}
	var b strings.Builder
	b.WriteString("SIP/2.0 486 Busy Here\r\n")
	for _, l := range lines[1:] {
		name, value, _ := strings.Cut(l, ":")
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "via", "v", "from", "f", "cseq":
			b.WriteString(l + "\r\n")
		case "call-id", "i":
			callID = strings.TrimSpace(value)
			b.WriteString(l + "\r\n")
		case "to", "t":
			if !strings.Contains(value, "tag=") {
				l += ";tag=busy"
			}
			b.WriteString(l + "\r\n")
		}
	}
	b.WriteString("Content-Length: 0\r\n\r\n")
	return b.String(), callID, uri
}
