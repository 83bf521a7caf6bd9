package sip

import (
	"errors"
	"net/url"
	"strings"
)

// replaces is the dialog an attended transfer's Refer-To names in its
// Replaces header (RFC 3891 section 6.1): its Call-ID and tags, the tags
// as the transferor sees that dialog.
type replaces struct {
	callID, toTag, fromTag string
}

// parseReplaces reads the Replaces header of a Refer-To value such as
// <sip:103@pbx?Replaces=abc%40host%3Bto-tag%3D1%3Bfrom-tag%3D2> (RFC 3515
// section 2.1: URI headers, percent-encoded). has is false when there is
// none; err says what is wrong with one that is there.
func parseReplaces(referTo string) (r replaces, has bool, err error) {
	_, query, ok := strings.Cut(referTo, "?")
	if !ok {
		return replaces{}, false, nil
	}
	query, _, _ = strings.Cut(query, ">")
	values, err := url.ParseQuery(query)
	if err != nil {
		return replaces{}, false, nil // not URI headers we know
	}
	var v string
	for k, vs := range values {
		if strings.EqualFold(k, "Replaces") && len(vs) > 0 {
			v, has = vs[0], true
		}
	}
	if !has {
		return replaces{}, false, nil
	}
	parts := strings.Split(v, ";")
	r.callID = strings.TrimSpace(parts[0])
	for _, p := range parts[1:] {
		name, val, _ := strings.Cut(strings.TrimSpace(p), "=")
		switch strings.ToLower(name) {
		case "to-tag":
			r.toTag = val
		case "from-tag":
			r.fromTag = val
		}
	}
	if r.callID == "" || r.toTag == "" || r.fromTag == "" {
		return replaces{}, true, errors.New("sip: Replaces needs a Call-ID, a to-tag and a from-tag")
	}
	return r, true, nil
}

// replacedLeg returns the leg whose dialog r names, either of whose tags
// may be the box's, or nil.
func (c *Channel) replacedLeg(r replaces) *leg {
	for _, tags := range [][2]string{{r.toTag, r.fromTag}, {r.fromTag, r.toTag}} {
		l, ok := c.dialogs.Get(dialogKey(r.callID, tags[0]))
		if !ok {
			continue
		}
		l.mu.Lock()
		match := l.dlg != nil && l.dlg.remoteTag == tags[1]
		l.mu.Unlock()
		if match {
			return l
		}
	}
	return nil
}
