package gsm

import (
	"slices"
	"testing"
)

func TestDigitsLine(t *testing.T) {
	tests := []struct {
		lines []string
		want  string
	}{
		{[]string{"89701020000000000001"}, "89701020000000000001"},         // SIM800 AT+CCID
		{[]string{"+QCCID: 8970102000000000000F"}, "8970102000000000000F"}, // EC25 AT+QCCID
		{[]string{"+ICCID: 89701020000000000001"}, "89701020000000000001"}, // SIM7600 AT+CICCID
		{[]string{"+CGSN: \"861234567890123\""}, "861234567890123"},        // quoted variant
		{[]string{"Revision: X", "861234567890123"}, "861234567890123"},    // noise first
	}
	for _, tt := range tests {
		if got, ok := digitsLine(tt.lines); !ok || got != tt.want {
			t.Errorf("digitsLine(%q) = %q, %v; want %q", tt.lines, got, ok, tt.want)
		}
	}
}

func TestParseReg(t *testing.T) {
	tests := []struct {
		line string
		read bool
		want Registration
	}{
		{`+CREG: 2,1,"1A2B","0C3D4E5"`, true, Registration{Stat: RegHome, LAC: "1A2B", Cell: "0C3D4E5"}},
		{`+CREG: 0,5`, true, Registration{Stat: RegRoaming}},
		{`+CREG: 1,"1A2B","0C3D4E5"`, false, Registration{Stat: RegHome, LAC: "1A2B", Cell: "0C3D4E5"}},
		{`+CEREG: 2,"1A2B","0C3D4E5",7`, false, Registration{LTE: true, Stat: RegSearching, LAC: "1A2B", Cell: "0C3D4E5"}},
	}
	for _, tt := range tests {
		if got, err := parseReg(tt.line, tt.read); err != nil || got != tt.want {
			t.Errorf("parseReg(%q, %v) = %+v, %v; want %+v", tt.line, tt.read, got, err, tt.want)
		}
	}
	if _, err := parseReg("+CREG: x", false); err == nil {
		t.Errorf("parseReg of garbage succeeded")
	}
}

func TestParseCLCC(t *testing.T) {
	c, ok := parseCLCC(`+CLCC: 1,1,4,0,0,"+79161234567",145`)
	if !ok || c != (Call{ID: 1, Incoming: true, State: CallIncoming, Number: "+79161234567"}) {
		t.Errorf("parseCLCC = %+v, %v", c, ok)
	}
	if _, ok := parseCLCC("+CLCC: x"); ok {
		t.Errorf("parseCLCC of garbage succeeded")
	}
}

func TestParseCMGL(t *testing.T) {
	got := parseCMGL([]string{"+CMGL: 1,0,,23", "0791AA", "+CMGL: 2,1,,5", "+CMGL: 3,1,\"x\",7", "0791BB"})
	want := []stored{{1, "0791AA"}, {3, "0791BB"}}
	if !slices.Equal(got, want) {
		t.Errorf("parseCMGL = %+v; want %+v", got, want)
	}
}

func TestParams(t *testing.T) {
	got := params(`+CUSD: 0,"a, b",15`)
	if want := []string{"0", "a, b", "15"}; !slices.Equal(got, want) {
		t.Errorf("params = %q; want %q", got, want)
	}
}
