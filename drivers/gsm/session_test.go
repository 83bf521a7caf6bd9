package gsm

import (
	"errors"
	"slices"
	"testing"
)

// step is one input to the session and what must follow from it.
type step struct {
	in       string // a line; "> " is the prompt
	state    sessState
	done     bool
	err      error // with done: errors.Is target; nil for OK
	cme      bool  // with done: a *CMEError
	lines    []string
	urcNames []string
	prompt   bool
}

func walk(t *testing.T, s *session, steps []step) {
	t.Helper()
	for i, st := range steps {
		var eff effects
		if st.in == "> " {
			eff = s.promptIn()
		} else {
			eff = s.lineIn(st.in)
		}
		if s.state != st.state {
			t.Errorf("step %d %q: state %v; want %v", i, st.in, s.state, st.state)
		}
		if (eff.done != nil) != st.done {
			t.Fatalf("step %d %q: done %v; want %v", i, st.in, eff.done != nil, st.done)
		}
		if eff.done != nil {
			var cme *CMEError
			if st.cme {
				if !errors.As(eff.done.err, &cme) {
					t.Errorf("step %d %q: err %v; want a *CMEError", i, st.in, eff.done.err)
				}
			} else if st.err == nil && eff.done.err != nil || st.err != nil && !errors.Is(eff.done.err, st.err) {
				t.Errorf("step %d %q: err %v; want %v", i, st.in, eff.done.err, st.err)
			}
			if !slices.Equal(eff.done.lines, st.lines) {
				t.Errorf("step %d %q: lines %q; want %q", i, st.in, eff.done.lines, st.lines)
			}
		}
		var names []string
		for _, u := range eff.urcs {
			names = append(names, u.Name)
		}
		if !slices.Equal(names, st.urcNames) {
			t.Errorf("step %d %q: URCs %q; want %q", i, st.in, names, st.urcNames)
		}
		if eff.prompt != st.prompt {
			t.Errorf("step %d %q: prompt %v; want %v", i, st.in, eff.prompt, st.prompt)
		}
	}
}

func TestSessionStates(t *testing.T) {
	tests := []struct {
		name  string
		cmd   *command
		steps []step
	}{
		{"idle URCs and stray finals", nil, []step{
			{in: "RING", state: stIdle, urcNames: []string{"RING"}},
			{in: `+CLIP: "+79161234567",145,"",0,"",0`, state: stIdle, urcNames: []string{"+CLIP"}},
			{in: "OK", state: stIdle},
			{in: "+CME ERROR: 11", state: stIdle},
			{in: "NO CARRIER", state: stIdle, urcNames: []string{"NO CARRIER"}},
			{in: "something unknown", state: stIdle, urcNames: []string{""}},
		}},
		{"read command with URCs between", &command{line: "AT+CREG?", prefix: "+CREG:"}, []step{
			{in: "AT+CREG?", state: stResponse}, // echo
			{in: "+CMTI: \"SM\",3", state: stResponse, urcNames: []string{"+CMTI"}},
			{in: "+CREG: 2,1,\"1A2B\",\"0C3D\"", state: stResponse},
			{in: "RING", state: stResponse, urcNames: []string{"RING"}},
			{in: "OK", state: stIdle, done: true, lines: []string{`+CREG: 2,1,"1A2B","0C3D"`}},
		}},
		{"set command does not swallow a +CREG report", &command{line: "AT+CREG=2"}, []step{
			{in: "+CREG: 1", state: stResponse, urcNames: []string{"+CREG"}},
			{in: "OK", state: stIdle, done: true},
		}},
		{"bare information text", &command{line: "AT+CGSN"}, []step{
			{in: "861234567890123", state: stResponse},
			{in: "OK", state: stIdle, done: true, lines: []string{"861234567890123"}},
		}},
		{"+CME ERROR ends the command", &command{line: "AT+CPIN?", prefix: "+CPIN:"}, []step{
			{in: "+CME ERROR: SIM PIN required", state: stIdle, done: true, cme: true},
		}},
		{"NO CARRIER ends a dial", &command{line: "ATD123;", dial: true}, []step{
			{in: "NO CARRIER", state: stIdle, done: true, err: ErrNoCarrier},
		}},
		{"BUSY during another command is unsolicited", &command{line: "AT+CSQ", prefix: "+CSQ:"}, []step{
			{in: "BUSY", state: stResponse, urcNames: []string{"BUSY"}},
			{in: "+CSQ: 20,0", state: stResponse},
			{in: "ERROR", state: stIdle, done: true, err: ErrError, lines: []string{"+CSQ: 20,0"}},
		}},
		{"SMS prompt", &command{line: "AT+CMGS=23", prefix: "+CMGS:", prompt: true}, []step{
			{in: "RING", state: stPrompt, urcNames: []string{"RING"}},
			{in: "> ", state: stResponse, prompt: true},
			{in: "+CMGS: 7", state: stResponse},
			{in: "OK", state: stIdle, done: true, lines: []string{"+CMGS: 7"}},
		}},
		{"SMS prompt refused", &command{line: "AT+CMGS=23", prefix: "+CMGS:", prompt: true}, []step{
			{in: "+CMS ERROR: 331", state: stIdle, done: true, cme: true},
		}},
		{"+CMT takes the next line even inside a +CMGL", &command{line: "AT+CMGL=4", prefix: "+CMGL:"}, []step{
			{in: "+CMGL: 1,0,,23", state: stResponse},
			{in: "+CMT: ,24", state: stURCBody},
			{in: "07911326040000F0040B911346610089F60000208062917314080CC8F71D14969741F977FD07", state: stResponse, urcNames: []string{"+CMT"}},
			{in: "07911326040000F0040B911346610089F60000208062917314080CC8F71D14969741F977FD07", state: stResponse},
			{in: "OK", state: stIdle, done: true, lines: []string{"+CMGL: 1,0,,23", "07911326040000F0040B911346610089F60000208062917314080CC8F71D14969741F977FD07"}},
		}},
		{"+CUSD text over two lines", nil, []step{
			{in: `+CUSD: 0,"Balance 10`, state: stURCQuote},
			{in: `rub",15`, state: stIdle, urcNames: []string{"+CUSD"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s session
			if tt.cmd != nil {
				s.start(tt.cmd)
			}
			walk(t, &s, tt.steps)
		})
	}
}

func TestSessionAbortMakesLateReplyStray(t *testing.T) {
	var s session
	s.start(&command{line: "AT+CSQ", prefix: "+CSQ:"})
	s.abort()
	walk(t, &s, []step{
		{in: "+CSQ: 20,0", state: stIdle, urcNames: []string{""}},
		{in: "OK", state: stIdle},
	})
}

func TestCMEErrorNamed(t *testing.T) {
	tests := []struct {
		sms      bool
		arg      string
		wantCode int
		wantName string
	}{
		{false, "11", 11, "SIM PIN required"},
		{false, "SIM PIN required", 11, "SIM PIN required"},
		{false, "sim pin required", 11, "SIM PIN required"},
		{true, "322", 322, "memory full"},
		{true, "SMSC address unknown", 330, "SMSC address unknown"},
		{false, "vendor says no", -1, "vendor says no"},
		{false, "9999", 9999, "unknown error"},
	}
	for _, tt := range tests {
		e := newCMEError("AT+X", tt.sms, tt.arg)
		if e.Code != tt.wantCode || e.Name != tt.wantName {
			t.Errorf("newCMEError(%v, %q) = %d %q; want %d %q", tt.sms, tt.arg, e.Code, e.Name, tt.wantCode, tt.wantName)
		}
	}
	if got := newCMEError("AT+CPIN?", false, "11").Error(); got != "gsm: AT+CPIN?: +CME ERROR 11: SIM PIN required" {
		t.Errorf("Error() = %q", got)
	}
}

func TestSplitter(t *testing.T) {
	var sp splitter
	var got []string
	feed := func(s string) {
		sp.feed([]byte(s), func(l string) { got = append(got, l) }, func() { got = append(got, "<prompt>") })
	}
	feed("\r\nOK\r\n\r\n+CS")
	feed("Q: 20,0\r\n\r\n> ")
	feed("\n+CMGS: 5\r\nRING\n")
	want := []string{"OK", "+CSQ: 20,0", "<prompt>", "+CMGS: 5", "RING"}
	if !slices.Equal(got, want) {
		t.Errorf("lines %q; want %q", got, want)
	}
}

func TestRSSIdBm(t *testing.T) {
	tests := []struct {
		rssi, dBm int
		ok        bool
	}{{0, -113, true}, {1, -111, true}, {2, -109, true}, {20, -73, true}, {30, -53, true}, {31, -51, true}, {99, 0, false}, {-1, 0, false}, {32, 0, false}}
	for _, tt := range tests {
		if dBm, ok := RSSIdBm(tt.rssi); dBm != tt.dBm || ok != tt.ok {
			t.Errorf("RSSIdBm(%d) = %d, %v; want %d, %v", tt.rssi, dBm, ok, tt.dBm, tt.ok)
		}
	}
}

func TestDetectDialect(t *testing.T) {
	tests := []struct {
		text string
		want Dialect
	}{
		{"SIM800 R14.18\nSIMCOM_SIM800", SIM800},
		{"Manufacturer: SIMCOM INCORPORATED\nModel: SIMCOM_SIM7600E-H\n", SIM7600},
		{"Quectel\nEC25\nRevision: EC25EFAR06A06M4G", EC25},
		{"Quectel\nEG25\nRevision: EG25GGBR07A08M2G", EC25},
		{"Telit\nLE910", DialectGeneric},
	}
	for _, tt := range tests {
		if got := detectDialect(tt.text); got != tt.want {
			t.Errorf("detectDialect(%q) = %v; want %v", tt.text, got, tt.want)
		}
	}
}

func TestDecodeUSSD(t *testing.T) {
	tests := []struct {
		str    string
		dcs    int
		packed bool
		want   string
	}{
		{"04110430043B0430043D0441", 72, false, "Баланс"},
		{"Balance 5", 15, false, "Balance 5"},
		{"C2303BEC1E974135", 15, true, "Balance 5"}, // 23.038 6.1.2.1 packing
		{"0072007504110430", 0x11, false, "Ба"},     // language "ru" first
		{"D83DDE00", 72, false, "😀"},
	}
	for _, tt := range tests {
		got, err := DecodeUSSD(tt.str, tt.dcs, tt.packed)
		if err != nil || got != tt.want {
			t.Errorf("DecodeUSSD(%q, %d, %v) = %q, %v; want %q", tt.str, tt.dcs, tt.packed, got, err, tt.want)
		}
	}
	if _, err := DecodeUSSD("XYZ", 72, false); !errors.Is(err, ErrMalformed) {
		t.Errorf("DecodeUSSD of non-hex UCS-2 = %v; want ErrMalformed", err)
	}
}

func TestInfoPrefix(t *testing.T) {
	tests := map[string]string{
		"AT+CREG?": "+CREG:", "AT+CREG=2": "", "AT+CSQ": "+CSQ:", "AT+CMGR=3": "+CMGR:",
		"AT+CMGS=23": "+CMGS:", "ATI": "", "AT+CUSD=1,\"*100#\",15": "", "AT+COPS=?": "+COPS:",
	}
	for in, want := range tests {
		if got := infoPrefix(in); got != want {
			t.Errorf("infoPrefix(%q) = %q; want %q", in, got, want)
		}
	}
}
