package gsm

import "bytes"

// maxLine bounds a line the modem sends; a longer run of bytes without a
// line end is cut there so a babbling modem cannot exhaust memory. A PDU
// line is at most 2*(12+164)=352 characters and a +CMGL header far less.
const maxLine = 4096

// splitter turns the byte stream from the modem into lines and prompts.
// Lines end with CR, LF or both (V.250 5.7.1: S3, S4); empty lines are
// dropped; "> " at the start of a line is the SMS prompt (27.005 4.3),
// which no line end follows. A splitter is not safe for concurrent use.
type splitter struct {
	buf []byte
}

// feed splits p, calling line for each line and prompt for each prompt.
func (s *splitter) feed(p []byte, line func(string), prompt func()) {
	for _, c := range p {
		switch c {
		case '\r', '\n':
			s.flush(line)
			continue
		}
		s.buf = append(s.buf, c)
		if len(s.buf) == 2 && s.buf[0] == '>' && s.buf[1] == ' ' {
			s.buf = s.buf[:0]
			prompt()
			continue
		}
		if len(s.buf) >= maxLine {
			s.flush(line)
		}
	}
}

func (s *splitter) flush(line func(string)) {
	b := bytes.TrimSpace(s.buf)
	s.buf = s.buf[:0]
	if len(b) > 0 {
		line(string(b))
	}
}
