package sms

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/mail"
	"net/url"
	"time"

	"github.com/hookflash/firmware/pbx/store"
	"github.com/hookflash/firmware/pbx/voicemail"
)

// Settings keys of the forwarding targets.
const (
	SettingEmail   = "sms_forward_email" // an EmailForward
	SettingWebhook = "sms_webhook"       // a Webhook
)

// SignatureHeader carries "sha256=" and the hex HMAC-SHA256 of a webhook
// request's body under Webhook.Secret.
const SignatureHeader = "X-Hookflash-Signature"

// EmailForward is the value of the setting sms_forward_email: received
// messages are mailed to To. An empty To forwards nothing.
type EmailForward struct {
	To []string `json:"to"`
}

// Validate checks that each address is an e-mail address.
func (e EmailForward) Validate() error {
	for _, a := range e.To {
		if _, err := mail.ParseAddress(a); err != nil {
			return fmt.Errorf("sms: %s: %q is not an e-mail address such as office@example.com", SettingEmail, a)
		}
	}
	return nil
}

// Webhook is the value of the setting sms_webhook: received messages are
// POSTed to URL as a WebhookMessage. An empty URL forwards nothing.
type Webhook struct {
	URL string `json:"url"`
	// Secret, when set, signs each request in SignatureHeader.
	Secret string `json:"secret"`
}

// Validate checks that URL is an http or https URL.
func (w Webhook) Validate() error {
	if w.URL == "" {
		return nil
	}
	u, err := url.Parse(w.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("sms: %s: %q is not a URL such as https://example.com/sms", SettingWebhook, w.URL)
	}
	return nil
}

// WebhookMessage is the JSON body a webhook receives.
type WebhookMessage struct {
	ID         int64     `json:"id"` // the same in every retry of one message
	Module     string    `json:"module"`
	From       string    `json:"from"`
	Text       string    `json:"text"`
	ReceivedAt time.Time `json:"received_at"`
}

// errGone fails a forward whose target is no longer configured.
var errGone = errors.New("sms: the forwarding target is no longer configured")

// forwardTargets returns the targets configured now. A setting that does
// not read is logged and skipped.
func (s *Service) forwardTargets(ctx context.Context) []string {
	var targets []string
	if e, err := s.emailSetting(ctx); err == nil && len(e.To) > 0 {
		targets = append(targets, store.SMSForwardEmail)
	}
	if w, err := s.webhookSetting(ctx); err == nil && w.URL != "" {
		targets = append(targets, store.SMSForwardWebhook)
	}
	return targets
}

func (s *Service) emailSetting(ctx context.Context) (EmailForward, error) {
	var e EmailForward
	err := s.setting(ctx, SettingEmail, &e)
	return e, err
}

func (s *Service) webhookSetting(ctx context.Context) (Webhook, error) {
	var w Webhook
	err := s.setting(ctx, SettingWebhook, &w)
	if err == nil {
		if err = w.Validate(); err != nil {
			s.log.Error("sms: the webhook setting is not usable", "err", err)
		}
	}
	return w, err
}

func (s *Service) setting(ctx context.Context, key string, v any) error {
	err := s.st.GetSetting(ctx, key, v)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		s.log.Error("sms: read a forwarding setting", "key", key, "err", err)
	}
	return err
}

// forwardLoop delivers the due forwards, then waits for the next one to
// become due or for a kick (a message arrived).
func (s *Service) forwardLoop(ctx context.Context) {
	const batch = 20
	for {
		due, err := s.st.DueSMSForwards(ctx, s.o.Now(), batch)
		if err != nil && ctx.Err() == nil {
			s.log.Error("sms: read the forwards", "err", err)
		}
		for _, f := range due {
			if ctx.Err() != nil {
				return
			}
			s.forward(ctx, f)
		}
		if len(due) == batch {
			continue
		}
		next := time.Duration(-1)
		if at, ok, err := s.st.NextSMSForwardDue(ctx); err != nil {
			next = s.o.RetryMin
		} else if ok {
			next = max(at.Sub(s.o.Now()), 0)
		}
		if !wait(ctx, s.fwdKick, next) {
			return
		}
	}
}

// forward tries f once and records the outcome.
func (s *Service) forward(ctx context.Context, f store.SMSForward) {
	m, err := s.st.SMSMessages().Get(ctx, f.MessageID)
	if err == nil {
		fctx, cancel := context.WithTimeout(ctx, s.o.ForwardTimeout)
		if f.Target == store.SMSForwardEmail {
			err = s.mail(fctx, m)
		} else {
			err = s.post(fctx, m)
		}
		cancel()
	}
	if ctx.Err() != nil {
		return // stopping: tried again at the next start
	}
	f.Attempts++
	switch {
	case err == nil:
		f.Status, f.LastError = store.ForwardDone, ""
	case errors.Is(err, voicemail.ErrPermanent) || errors.Is(err, errGone) || errors.Is(err, store.ErrNotFound):
		f.Status, f.LastError = store.ForwardFailed, err.Error()
	default:
		f.LastError, f.NextAt = err.Error(), s.o.Now().Add(s.backoff(f.Attempts))
	}
	if err := s.st.SMSForwards().Update(context.WithoutCancel(ctx), &f); err != nil {
		s.log.Error("sms: record a forward", "id", f.ID, "err", err)
		return
	}
	if err != nil {
		s.log.Warn("sms: forward failed", "message", f.MessageID, "target", f.Target, "attempt", f.Attempts,
			"status", f.Status, "err", err)
		return
	}
	s.log.Info("sms: forwarded", "message", f.MessageID, "target", f.Target)
}

func (s *Service) mail(ctx context.Context, m store.SMSMessage) error {
	e, err := s.emailSetting(ctx)
	if err != nil || len(e.To) == 0 {
		return fmt.Errorf("%w: %s", errGone, SettingEmail)
	}
	if s.o.Mailer == nil {
		return errors.New("sms: no mail server is configured; set one up to forward SMS by e-mail")
	}
	return s.o.Mailer.Send(ctx, &voicemail.Email{
		To:      e.To,
		Subject: fmt.Sprintf("SMS from %s on %s", m.Peer, m.Module),
		Text: fmt.Sprintf("%s\n\n-- \nFrom %s, received on %s at %s.\n", m.Text, m.Peer, m.Module,
			m.CreatedAt.Format(time.RFC1123Z)),
	})
}

func (s *Service) post(ctx context.Context, m store.SMSMessage) error {
	w, err := s.webhookSetting(ctx)
	if err != nil || w.URL == "" {
		return fmt.Errorf("%w: %s", errGone, SettingWebhook)
	}
	body, err := json.Marshal(WebhookMessage{ID: m.ID, Module: m.Module, From: m.Peer, Text: m.Text, ReceivedAt: m.CreatedAt})
	if err != nil {
		return fmt.Errorf("sms: webhook body: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("sms: webhook %s: %w", w.URL, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Hookflash")
	if w.Secret != "" {
		req.Header.Set(SignatureHeader, Sign(w.Secret, body))
	}
	resp, err := s.o.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("sms: webhook %s: %w", w.URL, err)
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("sms: webhook %s answered %s", w.URL, resp.Status)
	}
	return nil
}

// Sign returns the value of SignatureHeader for body under secret:
// "sha256=" and the hex of HMAC-SHA256(secret, body). Receivers compare it
// with hmac.Equal.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}
