package gsm

import (
	"strings"
	"testing"

	"github.com/warthog618/sms/encoding/tpdu"
)

// FuzzReplyParser feeds arbitrary modem output through the splitter and the
// session, in every state: it must never panic, and a command must end at
// most once.
func FuzzReplyParser(f *testing.F) {
	for _, s := range []string{
		"\r\nOK\r\n", "\r\n+CME ERROR: SIM PIN required\r\n", "\r\n> ", "RING\r\n+CLIP: \"+7\",145\r\n",
		"+CMT: ,24\r\n0791\r\nOK\r\n", "+CUSD: 0,\"a\r\nb\",15\r\nOK\r\n", "\x00\xff\r\r\n\n",
		"+CMGL: 1,0,,23\r\n07911326\r\nOK\r\n", "NO CARRIER\r\nBUSY\r\n",
	} {
		f.Add(s, uint8(0))
		f.Add(s, uint8(3))
	}
	f.Fuzz(func(t *testing.T, data string, mode uint8) {
		var s session
		cmds := []*command{nil, {line: "AT+CSQ", prefix: "+CSQ:"}, {line: "ATD1;", dial: true}, {line: "AT+CMGS=9", prefix: "+CMGS:", prompt: true}}
		if c := cmds[int(mode)%len(cmds)]; c != nil {
			s.start(c)
		}
		var sp splitter
		ended := 0
		handle := func(eff effects) {
			if eff.done != nil {
				ended++
			}
			for _, u := range eff.urcs {
				if u.Name == "" && u.Line == "" {
					t.Errorf("empty URC")
				}
				_ = params(u.Line)
			}
		}
		sp.feed([]byte(data), func(l string) {
			if strings.ContainsAny(l, "\r\n") {
				t.Errorf("line %q holds a line end", l)
			}
			handle(s.lineIn(l))
		}, func() { handle(s.promptIn()) })
		if ended > 1 {
			t.Errorf("command ended %d times", ended)
		}
		if !s.busy() && s.state == stResponse {
			t.Errorf("state %v without a command", s.state)
		}
	})
}

// FuzzDecodePDU feeds arbitrary hex to the PDU decoder and the
// reassembly text join: no panics, errors wrap ErrMalformed.
func FuzzDecodePDU(f *testing.F) {
	for _, s := range []string{
		"07911326040000F0040B911346610089F60000208062917314080CC8F71D14969741F977FD07",
		"0791723906090009F0440B919761214365F70008621031220002218C0500034D0301041F04400438",
		"00", "", "0011000B919761214365F70000AA05E8329BFD06",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		tp, err := decodePDU(h)
		if err != nil {
			return
		}
		_, _, _ = concat(tp)
		_ = partsText(nil)
		_ = partsText([]*tpdu.TPDU{tp})
		_ = statusReport(tp)
	})
}
