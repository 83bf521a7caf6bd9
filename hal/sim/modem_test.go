package sim

import (
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

// atClient is a test's raw view of the modem's serial stream.
type atClient struct {
	t   *testing.T
	p   io.ReadWriter
	buf strings.Builder
	rx  chan string
}

func newATClient(t *testing.T, m *Modem) *atClient {
	c := &atClient{t: t, p: m.Port(), rx: make(chan string, 256)}
	go func() {
		b := make([]byte, 256)
		for {
			n, err := c.p.Read(b)
			if n > 0 {
				c.rx <- string(b[:n])
			}
			if err != nil {
				close(c.rx)
				return
			}
		}
	}()
	return c
}

// send writes s and returns everything the modem sent until the output
// stayed quiet (the bubble is idle).
func (c *atClient) send(s string) string {
	c.t.Helper()
	if _, err := c.p.Write([]byte(s)); err != nil {
		c.t.Fatalf("write %q: %v", s, err)
	}
	return c.drain()
}

func (c *atClient) drain() string {
	synctest.Wait()
	var out strings.Builder
	for {
		select {
		case s, ok := <-c.rx:
			if !ok {
				return out.String()
			}
			out.WriteString(s)
			synctest.Wait()
		default:
			return out.String()
		}
	}
}

func TestModemRepliesByDialect(t *testing.T) {
	tests := []struct {
		dialect ModemDialect
		cmd     string
		want    string
	}{
		{ModemSIM800, "AT\r", "AT\r\r\nOK\r\n"}, // echo on after boot (V.250 E1)
		{ModemSIM800, "ATI\r", "ATI\r\r\nSIM800 R14.18\r\n\r\nOK\r\n"},
		{ModemEC25, "ATI\r", "ATI\r\r\nQuectel\r\n\r\nEC25\r\n\r\nRevision: EC25EFAR06A06M4G\r\n\r\nOK\r\n"},
		{ModemSIM800, "AT+CCID\r", "AT+CCID\r\r\n8970102123456789012\r\n\r\nOK\r\n"},
		{ModemEC25, "AT+QCCID\r", "AT+QCCID\r\r\n+QCCID: 8970102123456789012\r\n\r\nOK\r\n"},
		{ModemSIM800, "AT+QCCID\r", "AT+QCCID\r\r\nERROR\r\n"},
		{ModemSIM800, "AT+CEREG?\r", "AT+CEREG?\r\r\nERROR\r\n"},
		{ModemEC25, "AT+CSQ\r", "AT+CSQ\r\r\n+CSQ: 20,99\r\n\r\nOK\r\n"},
		{ModemSIM800, "AT+COPS?\r", "AT+COPS?\r\r\n+COPS: 0,0,\"MegaFon\"\r\n\r\nOK\r\n"},
		{ModemEC25, "AT+COPS?\r", "AT+COPS?\r\r\n+COPS: 0,0,\"MegaFon\",7\r\n\r\nOK\r\n"},
		{ModemSIM800, "ATE0\rAT\r", "ATE0\r\r\nOK\r\n\r\nOK\r\n"},
		{ModemSIM800, "AT+NOPE\r", "AT+NOPE\r\r\nERROR\r\n"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%v %q", tt.dialect, tt.cmd), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				m := NewModem(ModemOpts{Dialect: tt.dialect})
				defer m.Close()
				c := newATClient(t, m)
				if got := c.send(tt.cmd); got != tt.want {
					t.Errorf("%q -> %q; want %q", tt.cmd, got, tt.want)
				}
			})
		})
	}
}

func TestModemErrorFormats(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := NewModem(ModemOpts{PIN: "1234"})
		defer m.Close()
		c := newATClient(t, m)
		c.send("ATE0\r")
		for _, tt := range []struct{ cmd, want string }{
			{"AT+CIMI\r", "\r\nERROR\r\n"},
			{"AT+CMEE=1\rAT+CIMI\r", "\r\nOK\r\n\r\n+CME ERROR: 11\r\n"},
			{"AT+CMEE=2\rAT+CIMI\r", "\r\nOK\r\n\r\n+CME ERROR: SIM PIN required\r\n"},
			{"AT+CMGL=4\r", "\r\n+CMS ERROR: SIM PIN required\r\n"},
			{"AT+CPIN?\r", "\r\n+CPIN: SIM PIN\r\n\r\nOK\r\n"},
			{"AT+CPIN=\"0000\"\r", "\r\n+CME ERROR: incorrect password\r\n"},
			{"AT+CPIN=\"1234\"\r", "\r\nOK\r\n\r\n+CPIN: READY\r\n"},
			{"AT+CIMI\r", "\r\n250021234567890\r\n\r\nOK\r\n"},
		} {
			if got := c.send(tt.cmd); got != tt.want {
				t.Errorf("%q -> %q; want %q", tt.cmd, got, tt.want)
			}
		}
	})
}

func TestModemSMSSubmit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := NewModem(ModemOpts{})
		defer m.Close()
		c := newATClient(t, m)
		c.send("ATE0\rAT+CMEE=1\r")
		// SMS-SUBMIT to +79161234567, GSM-7 "hi" (23.040 9.2.2.2).
		tpdu := "01000B919761214365F7000002E834"
		if got := c.send("AT+CMGS=15\r"); got != "\r\n> " {
			t.Fatalf("AT+CMGS -> %q; want the prompt", got)
		}
		if got := c.send("00" + tpdu + "\x1a"); got != "\r\n+CMGS: 1\r\n\r\nOK\r\n" {
			t.Errorf("PDU -> %q; want +CMGS: 1", got)
		}
		sent := m.Sent()
		if len(sent) != 1 || sent[0].To != "+79161234567" || string(sent[0].TPDU.UD) != "hi" {
			t.Errorf("Sent() = %+v; want hi to +79161234567", sent)
		}
		c.send("AT+CMGS=14\r")
		if got := c.send("00" + tpdu + "\x1a"); got != "\r\n+CMS ERROR: 304\r\n" {
			t.Errorf("PDU with a wrong length -> %q; want +CMS ERROR: 304", got)
		}
		c.send("AT+CMGS=15\r")
		if got := c.send("0011\x1b"); got != "\r\nOK\r\n" {
			t.Errorf("ESC -> %q; want OK and nothing sent", got)
		}
		if len(m.Sent()) != 1 {
			t.Errorf("an ESC-cancelled PDU was sent")
		}
	})
}

func TestModemStorageFullAndRelease(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := NewModem(ModemOpts{SMSCapacity: 2})
		defer m.Close()
		c := newATClient(t, m)
		c.send("ATE0\rAT+CNMI=2,1,0,1,0\r")
		for i := range 3 {
			_ = m.DeliverSMS("+79035550000", fmt.Sprint("m", i))
		}
		if got := c.drain(); got != "\r\n+CMTI: \"SM\",1\r\n\r\n+CMTI: \"SM\",2\r\n" {
			t.Errorf("reports %q; want +CMTI for 1 and 2 only", got)
		}
		if m.Stored() != 2 || m.NetworkHeld() != 1 {
			t.Errorf("stored %d held %d; want 2, 1", m.Stored(), m.NetworkHeld())
		}
		got := c.send("AT+CMGR=1\r")
		if !strings.HasPrefix(got, "\r\n+CMGR: 0,,") || !strings.HasSuffix(got, "\r\nOK\r\n") {
			t.Errorf("AT+CMGR=1 -> %q", got)
		}
		lines := strings.Split(strings.TrimSpace(got), "\r\n")
		b, err := hex.DecodeString(lines[2])
		if err != nil || b[0] != 7 || b[1] != 0x91 {
			t.Errorf("PDU %q does not start with the SMSC address", lines[2])
		}
		if got := c.send("AT+CMGD=1\r"); got != "\r\nOK\r\n\r\n+CMTI: \"SM\",1\r\n" {
			t.Errorf("AT+CMGD=1 -> %q; want OK, then the held message in index 1", got)
		}
		if got := c.send("AT+CMGR=1\r"); !strings.HasPrefix(got, "\r\n+CMGR: 0,,") {
			t.Errorf("AT+CMGR=1 after redelivery -> %q; want an unread message", got)
		}
	})
}

func TestModemFaultsAndControlLines(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := NewModem(ModemOpts{Dialect: ModemEC25})
		defer m.Close()
		c := newATClient(t, m)
		l := m.Lines()
		ctx := context.Background()
		c.send("ATE0\r")
		m.Garble(1)
		if got := c.send("AT\r"); got == "\r\nOK\r\n" || !strings.Contains(got, "\r\n") {
			t.Errorf("garbled reply %q", got)
		}
		if got := c.send("AT\r"); got != "\r\nOK\r\n" {
			t.Errorf("reply after the garbled one %q; want OK", got)
		}
		m.Hang(CureReset)
		if got := c.send("AT\r"); got != "" {
			t.Errorf("hung modem answered %q", got)
		}
		_ = l.PulseReset(ctx, 100*time.Millisecond) // shorter than the 150 ms minimum
		if !m.Hung() {
			t.Errorf("a 100 ms reset pulse cured the EC25")
		}
		_ = l.PulseReset(ctx, 300*time.Millisecond)
		if got := c.drain(); got != "" {
			t.Errorf("modem spoke while booting: %q", got)
		}
		time.Sleep(DefaultModemOpts.BootTime)
		if got := c.drain(); !strings.HasPrefix(got, "\r\nRDY\r\n") || !strings.Contains(got, "+QIND: SMS DONE") {
			t.Errorf("boot reports %q; want RDY ... +QIND: SMS DONE", got)
		}
		if got := c.send("AT\r"); got != "AT\r\r\nOK\r\n" {
			t.Errorf("after reset %q; want echo back on and OK", got)
		}
		_ = l.PressPowerKey(ctx, 800*time.Millisecond)
		if got := c.drain(); got != "\r\nPOWERED DOWN\r\n" || m.Powered() {
			t.Errorf("power key press: %q, powered %v; want POWERED DOWN, off", got, m.Powered())
		}
		if got := c.send("AT\r"); got != "" {
			t.Errorf("modem without power answered %q", got)
		}
		_ = l.PressPowerKey(ctx, 600*time.Millisecond)
		time.Sleep(DefaultModemOpts.BootTime)
		if got := c.drain(); !strings.HasPrefix(got, "\r\nRDY\r\n") || !m.Powered() {
			t.Errorf("power on: %q, powered %v; want RDY", got, m.Powered())
		}
	})
}

func TestModemIncomingCallFormats(t *testing.T) {
	for _, tt := range []struct {
		d    ModemDialect
		clip string
	}{
		{ModemSIM800, `+CLIP: "+79161234567",145,"",0,"",0`},
		{ModemEC25, `+CLIP: "+79161234567",145,,,,0`},
	} {
		synctest.Test(t, func(t *testing.T) {
			m := NewModem(ModemOpts{Dialect: tt.d})
			defer m.Close()
			c := newATClient(t, m)
			c.send("ATE0\rAT+CLIP=1\r")
			m.IncomingCall("+79161234567")
			if got := c.drain(); got != "\r\nRING\r\n\r\n"+tt.clip+"\r\n" {
				t.Errorf("%v incoming call: %q", tt.d, got)
			}
			time.Sleep(ringEvery)
			if got := c.drain(); !strings.HasPrefix(got, "\r\nRING\r\n") {
				t.Errorf("%v second ring: %q", tt.d, got)
			}
			if got := c.send("AT+CLCC\r"); got != "\r\n+CLCC: 1,1,4,0,0,\"+79161234567\",145\r\n\r\nOK\r\n" {
				t.Errorf("%v AT+CLCC: %q", tt.d, got)
			}
			c.send("ATA\r")
			m.RemoteHangup()
			if got := c.drain(); got != "\r\nNO CARRIER\r\n" {
				t.Errorf("%v remote hangup: %q", tt.d, got)
			}
		})
	}
}
