package media

import (
	"bytes"
	"encoding/hex"
	"testing"
)

func TestRTCPRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		si   *senderInfo
		rb   *reportBlock
		bye  bool
	}{
		{"RR without blocks", nil, nil, false},
		{"SR with a block", &senderInfo{ntp: 0xE1234567_89ABCDEF, rtpTS: 160000, packets: 1000, octets: 160000},
			&reportBlock{ssrc: 0xCAFE, fractionLost: 25, totalLost: -3, extMax: 70000, jitter: 33, lsr: 0x45678, dlsr: 65536}, true},
		{"RR with a block, large loss", nil, &reportBlock{ssrc: 1, totalLost: 1<<23 - 1}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := appendRTCP(nil, 0xBEEF, tc.si, tc.rb, "abc@hookflash", tc.bye)
			if len(b)%4 != 0 {
				t.Fatalf("length %d not a multiple of 4", len(b))
			}
			var gotSI *senderInfo
			var gotRB *reportBlock
			err := parseRTCP(b, func(ssrc uint32, si senderInfo) {
				if ssrc != 0xBEEF {
					t.Errorf("SR SSRC %x", ssrc)
				}
				gotSI = &si
			}, func(rb reportBlock) { gotRB = &rb })
			if err != nil {
				t.Fatal(err)
			}
			if (gotSI == nil) != (tc.si == nil) || gotSI != nil && *gotSI != *tc.si {
				t.Errorf("sender info %+v; want %+v", gotSI, tc.si)
			}
			if (gotRB == nil) != (tc.rb == nil) || gotRB != nil && *gotRB != *tc.rb {
				t.Errorf("block %+v; want %+v", gotRB, tc.rb)
			}
		})
	}
}

// TestRTCPWireFormat pins an RR with SDES against bytes laid out by hand
// from RFC 3550 sections 6.4.2 and 6.5.
func TestRTCPWireFormat(t *testing.T) {
	b := appendRTCP(nil, 0x01020304, nil, &reportBlock{ssrc: 0x0A0B0C0D, fractionLost: 0x10, totalLost: 5, extMax: 0x10001, jitter: 7, lsr: 8, dlsr: 9}, "ab", true)
	want := "81c90007" + "01020304" + "0a0b0c0d" + "10000005" + "00010001" + "00000007" + "00000008" + "00000009" +
		"81ca0003" + "01020304" + "0102616200000000" + // CNAME "ab", end item, padding
		"81cb0001" + "01020304"
	if got := hex.EncodeToString(b); got != want {
		t.Errorf("wire\n%s\nwant\n%s", got, want)
	}
}

// FuzzParseRTCP: the parser never panics, and what we write parses back.
func FuzzParseRTCP(f *testing.F) {
	f.Add(appendRTCP(nil, 1, &senderInfo{ntp: 5}, &reportBlock{ssrc: 2}, "x", true))
	f.Add(appendRTCP(nil, 1, nil, nil, "", false))
	f.Add([]byte{0x81, 200, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		n := 0
		parseRTCP(b, func(uint32, senderInfo) { n++ }, func(reportBlock) { n++ })
		out := appendRTCP(nil, 9, nil, nil, string(bytes.ToValidUTF8(b, nil)), false)
		if err := parseRTCP(out, func(uint32, senderInfo) {}, func(reportBlock) {}); err != nil {
			t.Fatalf("our own packet does not parse: %v", err)
		}
	})
}
