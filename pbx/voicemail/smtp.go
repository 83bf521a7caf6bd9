package voicemail

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strconv"
	"time"
)

// Mailer sends e-mail.
type Mailer interface {
	// Send sends e. An error matching ErrPermanent will fail again if
	// retried.
	Send(ctx context.Context, e *Email) error
}

// ErrPermanent marks a send the server refused for good (a 5xx reply):
// retrying will not help.
var ErrPermanent = errors.New("voicemail: the mail server refused the message")

// SMTPConfig is how to reach the mail server.
type SMTPConfig struct {
	Host string // name or address of the server
	Port int    // default 587 (submission)
	From string // the sender's address, e.g. "PBX <pbx@example.com>"
	// Username and Password authenticate with AUTH PLAIN when Username is
	// set; net/smtp refuses to send them unencrypted except to localhost.
	Username, Password string
	// TLS configures STARTTLS, used whenever the server offers it; nil
	// verifies the server's certificate for Host against the system's
	// roots. RequireTLS refuses to send when the server does not offer it.
	TLS        *tls.Config
	RequireTLS bool
	// HelloName is the name sent in EHLO; default "localhost".
	HelloName string
	// Timeout bounds one whole send; default 1 minute.
	Timeout time.Duration
}

// SMTP is a Mailer that sends through an SMTP server. It is safe for
// concurrent use.
type SMTP struct {
	c    SMTPConfig
	from string // the bare address, for MAIL FROM
}

// NewSMTP checks c and returns an SMTP mailer.
func NewSMTP(c SMTPConfig) (*SMTP, error) {
	c.Port = cmp.Or(c.Port, 587)
	c.HelloName = cmp.Or(c.HelloName, "localhost")
	c.Timeout = cmp.Or(c.Timeout, time.Minute)
	if c.Host == "" {
		return nil, errors.New("voicemail: smtp: the server's host is not set")
	}
	if c.Port < 1 || c.Port > 65535 {
		return nil, fmt.Errorf("voicemail: smtp: port %d is out of range", c.Port)
	}
	a, err := mail.ParseAddress(c.From)
	if err != nil {
		return nil, fmt.Errorf("voicemail: smtp: sender %q is not an e-mail address such as pbx@example.com", c.From)
	}
	return &SMTP{c: c, from: a.Address}, nil
}

// Send implements Mailer: connect, EHLO, STARTTLS when offered, AUTH when
// configured, MAIL, RCPT, DATA, QUIT. It gives up when ctx is done or
// Timeout has passed.
func (m *SMTP) Send(ctx context.Context, e *Email) error {
	ctx, cancel := context.WithTimeout(ctx, m.c.Timeout)
	defer cancel()
	addr := net.JoinHostPort(m.c.Host, strconv.Itoa(m.c.Port))
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("voicemail: smtp: %w", err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	err = m.session(conn, e)
	if ctx.Err() != nil {
		return fmt.Errorf("voicemail: smtp %s: %w", addr, ctx.Err())
	}
	if err != nil {
		var te *textproto.Error
		if errors.As(err, &te) && te.Code >= 500 {
			return fmt.Errorf("%w: %s: %v", ErrPermanent, addr, err)
		}
		return fmt.Errorf("voicemail: smtp %s: %w", addr, err)
	}
	return nil
}

// session speaks SMTP over conn.
func (m *SMTP) session(conn net.Conn, e *Email) error {
	c, err := smtp.NewClient(conn, m.c.Host)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Hello(m.c.HelloName); err != nil {
		return err
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		cfg := m.c.TLS.Clone()
		if cfg == nil {
			cfg = &tls.Config{}
		}
		if cfg.ServerName == "" {
			cfg.ServerName = m.c.Host
		}
		if err := c.StartTLS(cfg); err != nil {
			return fmt.Errorf("starttls: %w", err)
		}
	} else if m.c.RequireTLS {
		return errors.New("the server does not offer STARTTLS, and TLS is required")
	}
	if m.c.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", m.c.Username, m.c.Password, m.c.Host)); err != nil {
			return fmt.Errorf("auth: %w", err)
		}
	}
	if err := c.Mail(m.from); err != nil {
		return err
	}
	for _, to := range e.To {
		if err := c.Rcpt(to); err != nil {
			return fmt.Errorf("rcpt %s: %w", to, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if err := e.WriteMIME(w, m.c.From, time.Now()); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}
