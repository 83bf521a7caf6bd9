package voicemail

import (
	"bufio"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/textproto"
	"strings"
	"time"
)

// Email is a message to send: plain text with attachments.
type Email struct {
	To          []string
	Subject     string
	Text        string
	Attachments []Attachment
}

// Attachment is a file attached to an Email.
type Attachment struct {
	Name        string // file name shown to the reader
	ContentType string // e.g. "audio/wav"
	Data        io.Reader
}

// WriteMIME writes e as an Internet message (RFC 5322) from from, dated
// date: multipart/mixed (RFC 2046) with the text quoted-printable and each
// attachment base64 in lines of 76 characters (RFC 2045). Header values
// outside ASCII are encoded words (RFC 2047).
func (e *Email) WriteMIME(w io.Writer, from string, date time.Time) error {
	bw := bufio.NewWriter(w)
	mw := multipart.NewWriter(bw)
	var id [12]byte
	rand.Read(id[:])
	domain := "hookflash.local"
	if _, d, ok := strings.Cut(from, "@"); ok {
		domain = strings.Trim(d, "> ")
	}
	hdr := []struct{ k, v string }{
		{"From", from},
		{"To", strings.Join(e.To, ", ")},
		{"Subject", mime.QEncoding.Encode("utf-8", e.Subject)},
		{"Date", date.Format(time.RFC1123Z)},
		{"Message-ID", "<" + hex.EncodeToString(id[:]) + "@" + domain + ">"},
		{"MIME-Version", "1.0"},
		{"Content-Type", `multipart/mixed; boundary="` + mw.Boundary() + `"`},
	}
	for _, h := range hdr {
		if strings.ContainsAny(h.v, "\r\n") {
			return fmt.Errorf("voicemail: e-mail header %s holds a line break", h.k)
		}
		fmt.Fprintf(bw, "%s: %s\r\n", h.k, h.v)
	}
	bw.WriteString("\r\n")

	tw, err := mw.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {"text/plain; charset=utf-8"},
		"Content-Transfer-Encoding": {"quoted-printable"},
	})
	if err != nil {
		return err
	}
	qw := quotedprintable.NewWriter(tw)
	qw.Write([]byte(strings.ReplaceAll(e.Text, "\n", "\r\n")))
	qw.Close()

	for _, a := range e.Attachments {
		aw, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {mime.FormatMediaType(a.ContentType, map[string]string{"name": a.Name})},
			"Content-Transfer-Encoding": {"base64"},
			"Content-Disposition":       {mime.FormatMediaType("attachment", map[string]string{"filename": a.Name})},
		})
		if err != nil {
			return err
		}
		enc := base64.NewEncoder(base64.StdEncoding, &lineWriter{w: aw})
		if _, err := io.Copy(enc, a.Data); err != nil {
			return fmt.Errorf("voicemail: attach %s: %w", a.Name, err)
		}
		enc.Close()
		aw.Write([]byte("\r\n"))
	}
	if err := mw.Close(); err != nil {
		return err
	}
	return bw.Flush()
}

// lineWriter breaks what it is written into lines of 76 characters.
type lineWriter struct {
	w   io.Writer
	col int
}

func (l *lineWriter) Write(p []byte) (int, error) {
	n := 0
	for len(p) > 0 {
		if l.col == 76 {
			if _, err := l.w.Write([]byte("\r\n")); err != nil {
				return n, err
			}
			l.col = 0
		}
		k := min(len(p), 76-l.col)
		if _, err := l.w.Write(p[:k]); err != nil {
			return n, err
		}
		l.col += k
		n += k
		p = p[k:]
	}
	return n, nil
}
