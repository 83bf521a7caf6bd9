package webui

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"

	"github.com/hookflash/firmware/pbx/chan/sip/sipauth"
	"github.com/hookflash/firmware/pbx/store"
)

// maxDevicesPerExtension is how many SIP devices an extension may have; the
// SIP channel rings them together.
const maxDevicesPerExtension = 5

// deviceView is what the API shows of a SIP device: never its password,
// which the box does not know, nor its digest hashes, which would let
// anyone who reads them register as the phone.
type deviceView struct {
	ID          int64      `json:"id"`
	ExtensionID int64      `json:"extension_id"`
	Username    string     `json:"username"`
	Description string     `json:"description"`
	SIP         sipAccount `json:"sip"`
}

// sipAccount is what a softphone needs besides the password to register.
type sipAccount struct {
	Username   string   `json:"username"`         // authentication user and user part of the address
	Realm      string   `json:"realm"`            // digest realm (some phones call it the domain)
	Server     string   `json:"server,omitempty"` // the box's SIP host; empty when unknown
	Port       int      `json:"port,omitempty"`
	Transports []string `json:"transports"`
	Extension  string   `json:"extension"` // the extension's number; phones may register it as the user too
	URI        string   `json:"uri,omitempty"`
}

// deviceInput is the body of POST /api/extensions/{id}/devices and PUT
// /api/devices/{id}. The password is only hashed, never stored or shown.
// On update a field left out keeps its value.
type deviceInput struct {
	Username    *string `json:"username"`
	Password    string  `json:"password"`
	Description *string `json:"description"`
}

// listDevices serves GET /api/extensions/{id}/devices.
func (s *Server) listDevices(w http.ResponseWriter, r *http.Request) {
	ext, ok := s.pathExtension(w, r)
	if !ok {
		return
	}
	devs, err := s.st.SIPDevices().ListBy(r.Context(), "extension_id", ext.ID)
	if err != nil {
		s.writeStoreError(w, r, "SIP devices", err)
		return
	}
	acc, err := s.sipAccountBase(r)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	out := make([]deviceView, len(devs))
	for i, d := range devs {
		out[i] = acc.view(d, ext)
	}
	writeJSON(w, http.StatusOK, out)
}

// createDevice serves POST /api/extensions/{id}/devices {username,
// password, description}. An empty username takes the extension's number,
// or number-N for its further devices. It stores the digest hashes of the
// password for the box's realm and answers 201 with the device and its SIP
// settings.
func (s *Server) createDevice(w http.ResponseWriter, r *http.Request) {
	ext, ok := s.pathExtension(w, r)
	if !ok {
		return
	}
	var in deviceInput
	if !readJSON(w, r, &in) {
		return
	}
	ctx := r.Context()
	devs, err := s.st.SIPDevices().ListBy(ctx, "extension_id", ext.ID)
	if err != nil {
		s.writeStoreError(w, r, "SIP devices", err)
		return
	}
	if len(devs) >= maxDevicesPerExtension {
		writeError(w, http.StatusConflict, fmt.Sprintf(
			"extension %s already has %d SIP devices, the most it can ring together: delete one first", ext.Number, len(devs)), "")
		return
	}
	d := store.SIPDevice{ExtensionID: ext.ID}
	if in.Username != nil {
		d.Username = strings.TrimSpace(*in.Username)
	}
	if d.Username == "" {
		if d.Username, err = s.freeUsername(ctx, ext, len(devs)); err != nil {
			s.writeStoreError(w, r, "SIP devices", err)
			return
		}
	}
	if in.Description != nil {
		d.Description = *in.Description
	}
	if !checkSIPUsername(w, d.Username) {
		return
	}
	if err := sipauth.CheckPassword(in.Password, d.Username, ext.Number); err != nil {
		writeError(w, http.StatusBadRequest, err.Error(), "password")
		return
	}
	acc, err := s.sipAccountBase(r)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	d.HA1MD5, d.HA1SHA256 = sipauth.HA1(d.Username, acc.Realm, in.Password)
	if err := s.st.SIPDevices().Create(ctx, &d); err != nil {
		s.writeStoreError(w, r, "SIP device", err)
		return
	}
	s.log.Info("webui: SIP device added", "extension", ext.Number, "username", d.Username)
	w.Header().Set("Location", fmt.Sprintf("/api/devices/%d", d.ID))
	writeJSON(w, http.StatusCreated, acc.view(d, ext))
}

// getDevice serves GET /api/devices/{id}.
func (s *Server) getDevice(w http.ResponseWriter, r *http.Request) {
	d, ext, ok := s.pathDevice(w, r)
	if !ok {
		return
	}
	acc, err := s.sipAccountBase(r)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, acc.view(d, ext))
}

// updateDevice serves PUT /api/devices/{id} {username, password,
// description}, each optional. A new password replaces the hashes; a new
// user name needs the password too, since the hashes include it.
func (s *Server) updateDevice(w http.ResponseWriter, r *http.Request) {
	d, ext, ok := s.pathDevice(w, r)
	if !ok {
		return
	}
	var in deviceInput
	if !readJSON(w, r, &in) {
		return
	}
	if in.Description != nil {
		d.Description = *in.Description
	}
	rename := in.Username != nil && strings.TrimSpace(*in.Username) != d.Username
	if rename {
		d.Username = strings.TrimSpace(*in.Username)
		if !checkSIPUsername(w, d.Username) {
			return
		}
		if in.Password == "" {
			writeError(w, http.StatusBadRequest, "a new user name needs the password again, because the stored hashes include the user name: send the password too", "password")
			return
		}
	}
	acc, err := s.sipAccountBase(r)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if in.Password != "" {
		if err := sipauth.CheckPassword(in.Password, d.Username, ext.Number); err != nil {
			writeError(w, http.StatusBadRequest, err.Error(), "password")
			return
		}
		d.HA1MD5, d.HA1SHA256 = sipauth.HA1(d.Username, acc.Realm, in.Password)
	}
	if err := s.st.SIPDevices().Update(r.Context(), &d); err != nil {
		s.writeStoreError(w, r, fmt.Sprintf("SIP device %d", d.ID), err)
		return
	}
	if in.Password != "" {
		s.log.Info("webui: SIP device password changed", "extension", ext.Number, "username", d.Username)
	}
	writeJSON(w, http.StatusOK, acc.view(d, ext))
}

// deleteDevice serves DELETE /api/devices/{id}.
func (s *Server) deleteDevice(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	if err := s.st.SIPDevices().Delete(r.Context(), id); err != nil {
		s.writeStoreError(w, r, fmt.Sprintf("SIP device %d", id), err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// pathExtension reads the extension named by the {id} path value. On
// failure it writes the answer and returns false.
func (s *Server) pathExtension(w http.ResponseWriter, r *http.Request) (store.Extension, bool) {
	id, ok := pathID(w, r)
	if !ok {
		return store.Extension{}, false
	}
	ext, err := s.st.Extensions().Get(r.Context(), id)
	if err != nil {
		s.writeStoreError(w, r, fmt.Sprintf("extension %d", id), err)
		return store.Extension{}, false
	}
	return ext, true
}

// pathDevice reads the device named by the {id} path value and its
// extension. On failure it writes the answer and returns false.
func (s *Server) pathDevice(w http.ResponseWriter, r *http.Request) (store.SIPDevice, store.Extension, bool) {
	id, ok := pathID(w, r)
	if !ok {
		return store.SIPDevice{}, store.Extension{}, false
	}
	d, err := s.st.SIPDevices().Get(r.Context(), id)
	if err != nil {
		s.writeStoreError(w, r, fmt.Sprintf("SIP device %d", id), err)
		return store.SIPDevice{}, store.Extension{}, false
	}
	ext, err := s.st.Extensions().Get(r.Context(), d.ExtensionID)
	if err != nil {
		s.writeStoreError(w, r, fmt.Sprintf("extension %d", d.ExtensionID), err)
		return store.SIPDevice{}, store.Extension{}, false
	}
	return d, ext, true
}

// freeUsername returns the first of number, number-2, number-3, ... that
// no device uses; have is how many devices the extension has.
func (s *Server) freeUsername(ctx context.Context, ext store.Extension, have int) (string, error) {
	for n := have + 1; ; n++ {
		name := ext.Number
		if n > 1 {
			name = fmt.Sprintf("%s-%d", ext.Number, n)
		}
		_, err := s.st.SIPDevices().FindBy(ctx, "username", name)
		if errors.Is(err, store.ErrNotFound) {
			return name, nil
		}
		if err != nil {
			return "", err
		}
	}
}

// sipAccountBase returns the SIP settings that every device shares: the
// realm and the box's address, for r's browser.
func (s *Server) sipAccountBase(r *http.Request) (sipAccount, error) {
	realm, err := s.sipRealm(r.Context())
	if err != nil {
		return sipAccount{}, err
	}
	acc := sipAccount{Realm: realm, Transports: []string{"udp", "tcp"}}
	host, port, err := net.SplitHostPort(s.advertisedSIPAddr())
	if err != nil {
		return acc, nil // no address known: the phone's admin must find it
	}
	acc.Port, _ = strconv.Atoi(port)
	if ip, err := netip.ParseAddr(host); host == "" || (err == nil && ip.IsUnspecified()) {
		// Listening on every address: phones reach the box where the
		// browser did.
		host = r.Host
		if h, _, err := net.SplitHostPort(r.Host); err == nil {
			host = h
		}
	}
	acc.Server = host
	return acc, nil
}

// view returns what the API shows of device d of extension ext.
func (acc sipAccount) view(d store.SIPDevice, ext store.Extension) deviceView {
	acc.Username, acc.Extension = d.Username, ext.Number
	if acc.Server != "" {
		hostport := acc.Server
		if strings.Contains(hostport, ":") {
			hostport = "[" + hostport + "]"
		}
		if acc.Port != 0 {
			hostport += ":" + strconv.Itoa(acc.Port)
		}
		acc.URI = "sip:" + d.Username + "@" + hostport
	}
	return deviceView{ID: d.ID, ExtensionID: d.ExtensionID, Username: d.Username, Description: d.Description, SIP: acc}
}

// sipRealm returns the digest realm: the setting, or sipauth.DefaultRealm.
func (s *Server) sipRealm(ctx context.Context) (string, error) {
	realm := sipauth.DefaultRealm
	if err := s.st.GetSetting(ctx, sipauth.RealmSetting, &realm); err != nil && !errors.Is(err, store.ErrNotFound) {
		return "", fmt.Errorf("webui: read the SIP realm: %w", err)
	}
	return realm, nil
}

// checkSIPUsername refuses a user name that phones cannot send in a SIP
// address without escaping; it writes the answer and returns false.
func checkSIPUsername(w http.ResponseWriter, name string) bool {
	if len(name) > 64 || strings.Trim(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_+") != "" {
		writeError(w, http.StatusBadRequest, fmt.Sprintf(
			"user name %q may hold only letters, digits, '.', '-', '_' and '+', at most 64: leave it empty to use the extension's number", name), "username")
		return false
	}
	return true
}
