package webui

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/websocket"

	"github.com/hookflash/firmware/pbx/sms"
	"github.com/hookflash/firmware/pbx/store"
)

// Websocket feed timing.
const (
	statusPeriod = 5 * time.Second  // between status events
	writeWait    = 10 * time.Second // a client that takes longer to take a message is dropped
	pongWait     = 60 * time.Second // a client silent for longer is dropped
	pingPeriod   = 25 * time.Second // between pings; well under pongWait
	maxInbound   = 512              // bytes of a message from the client (only control frames are expected)
)

// revisionEvent tells the page that the configuration changed.
type revisionEvent struct {
	Type     string `json:"type"` // "revision"
	Revision int64  `json:"revision"`
}

// sameOrigin is the websocket upgrader's origin check: a browser must come
// from a page of this host. A client that sends no Origin is not a browser,
// so no other site can have made it use the session cookie.
func sameOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && strings.EqualFold(u.Host, r.Host)
}

// feed serves GET /api/ws?topics=...: a websocket that pushes a revision
// event whenever the configuration changes and, as its topics ask
// (feed_topics.go), a status event every statusPeriod, a telephony event
// (TelephonyStatus) at once and whenever the live state changed, as seen
// every TelephonyPeriod, SMS as they change, log lines as they are written,
// the simulated world and the voicemail boxes as they change, until the client leaves, falls
// behind, its session ends or the Server closes.
func (s *Server) feed(w http.ResponseWriter, r *http.Request) {
	opts, field, err := parseFeedOptions(r.URL.Query())
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error(), field)
		return
	}
	if _, ok := s.labHandler.(LabStater); opts.topics[topicLab] && !ok {
		writeError(w, http.StatusBadRequest, "topic lab: the lab exists only on the simulated board: start pbxd with -board sim", "topics")
		return
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		writeError(w, http.StatusServiceUnavailable, "the web UI is shutting down: reload the page in a moment", "")
		return
	}
	s.wg.Add(1)
	s.mu.Unlock()
	defer s.wg.Done()

	if !sameOrigin(r) {
		writeError(w, http.StatusForbidden, "websocket from another site refused: open the box's own page", "")
		return
	}
	conn, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader has answered the client
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		conn.Close()
		return
	}
	s.feeds[conn] = struct{}{}
	s.mu.Unlock()

	readDone := make(chan struct{})
	go readFeed(conn, readDone)
	defer func() {
		s.mu.Lock()
		delete(s.feeds, conn)
		s.mu.Unlock()
		conn.Close()
		<-readDone
	}()

	revs, cancel := s.st.Subscribe()
	defer cancel()
	if err := s.pushFeed(context.WithoutCancel(r.Context()), conn, sessionOf(r), opts, revs, readDone); err != nil {
		s.log.Debug("webui: websocket feed ended", "client", clientKey(r), "err", err)
	}
}

// readFeed reads and drops what the client sends, so that pongs and close
// frames are handled, until the connection fails; then it closes done.
func readFeed(conn *websocket.Conn, done chan<- struct{}) {
	defer close(done)
	conn.SetReadLimit(maxInbound)
	conn.SetReadDeadline(time.Now().Add(pongWait))
	conn.SetPongHandler(func(string) error {
		return conn.SetReadDeadline(time.Now().Add(pongWait))
	})
	for {
		if _, _, err := conn.NextReader(); err != nil {
			return
		}
	}
}

// pushFeed writes events to conn until something ends the feed. It is the
// connection's only writer.
func (s *Server) pushFeed(ctx context.Context, conn *websocket.Conn, sess *store.AdminSession, opts feedOptions, revs <-chan int64, readDone <-chan struct{}) error {
	send := func(v any) error {
		conn.SetWriteDeadline(time.Now().Add(writeWait))
		return conn.WriteJSON(v)
	}
	closeWith := func(code int, reason string) error {
		conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(writeWait))
		return errors.New(reason)
	}
	sendStatus := func() error {
		if !opts.topics[topicStatus] {
			return nil
		}
		st, err := s.readStatus(ctx)
		if err != nil {
			return err
		}
		st.Type = "status"
		return send(st)
	}
	if err := sendStatus(); err != nil {
		return err
	}
	var lastTelephony []byte // the stable form of the last telephony event sent
	sendTelephony := func() error {
		if !opts.topics[topicTelephony] {
			return nil
		}
		t, stable, ok := s.telephonyShared()
		if !ok || bytes.Equal(stable, lastTelephony) {
			return nil
		}
		lastTelephony = stable
		t.Type = "telephony"
		return send(t)
	}
	if err := sendTelephony(); err != nil {
		return err
	}

	// SMS and log lines come when they change; a nil channel never does.
	var smsReady <-chan struct{}
	var smsChanges *sms.Changes
	if w, ok := s.smsService().(smsWatcher); ok && opts.topics[topicSMS] {
		var cancel func()
		smsChanges, cancel = w.Watch()
		defer cancel()
		smsReady = smsChanges.Ready()
	}
	var logWritten <-chan struct{}
	var logs *logFollow
	if src, ok := s.logs.(LogFollower); ok && opts.topics[topicLog] {
		var cancel func()
		logWritten, cancel = src.Watch()
		defer cancel()
		logs = &logFollow{src: src, n: opts.logLines}
		first, _ := logs.next()
		if err := send(first); err != nil {
			return err
		}
	}

	// The simulated world is looked at as often as the telephony.
	var labTick <-chan time.Time
	var lastLab []byte
	sendLab := func() error { return nil }
	if lab, ok := s.labHandler.(LabStater); ok && opts.topics[topicLab] {
		t := time.NewTicker(s.telPeriod)
		defer t.Stop()
		labTick = t.C
		sendLab = func() error {
			st, err := lab.StateJSON()
			if err != nil || bytes.Equal(st, lastLab) {
				return err
			}
			lastLab = st
			return send(labEvent{Type: "lab", State: st})
		}
		if err := sendLab(); err != nil {
			return err
		}
	}

	// Voicemail is looked at as often as the telephony, and again after a
	// configuration change, which may add or remove a mailbox.
	var vmTick <-chan time.Time
	sendVoicemail := func(bool) error { return nil }
	if opts.topics[topicVoicemail] {
		t := time.NewTicker(s.telPeriod)
		defer t.Stop()
		vmTick = t.C
		vm := &voicemailFollow{s: s}
		sendVoicemail = func(force bool) error {
			if ev, ok := vm.next(ctx, force); ok {
				return send(ev)
			}
			return nil
		}
		if err := sendVoicemail(true); err != nil {
			return err
		}
	}

	status := time.NewTicker(statusPeriod)
	defer status.Stop()
	telephony := time.NewTicker(s.telPeriod)
	defer telephony.Stop()
	ping := time.NewTicker(pingPeriod)
	defer ping.Stop()
	for {
		select {
		case <-s.done:
			return closeWith(websocket.CloseGoingAway, "the box is restarting its web UI: the page reconnects by itself")
		case <-readDone:
			return errors.New("client left")
		case rev, ok := <-revs:
			if !ok {
				return closeWith(websocket.CloseGoingAway, "the configuration database closed: the page reconnects by itself")
			}
			if err := send(revisionEvent{Type: "revision", Revision: rev}); err != nil {
				return err
			}
			if err := sendVoicemail(true); err != nil {
				return err
			}
		case <-status.C:
			if !s.sessionValid(ctx, sess) {
				return closeWith(websocket.ClosePolicyViolation, "session ended: log in again")
			}
			if err := sendStatus(); err != nil {
				return err
			}
		case <-telephony.C:
			if err := sendTelephony(); err != nil {
				return err
			}
		case <-vmTick:
			if err := sendVoicemail(false); err != nil {
				return err
			}
		case <-labTick:
			if err := sendLab(); err != nil {
				return err
			}
		case <-smsReady:
			for _, ev := range s.smsEvents(ctx, smsChanges.Take()) {
				if err := send(ev); err != nil {
					return err
				}
			}
		case <-logWritten:
			if ev, ok := logs.next(); ok {
				if err := send(ev); err != nil {
					return err
				}
			}
		case <-ping.C:
			if err := conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(writeWait)); err != nil {
				return err
			}
		}
	}
}

// sessionValid reports whether sess still exists and has not expired: a
// logout, a new setup code or expiry ends the feeds of that session.
func (s *Server) sessionValid(ctx context.Context, sess *store.AdminSession) bool {
	cur, err := s.st.AdminSessions().Get(ctx, sess.ID)
	return err == nil && cur.TokenHash == sess.TokenHash && s.now().Before(cur.ExpiresAt)
}
