package localapi

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/hookflash/firmware/pbx/chan/sip/sipauth"
	"github.com/hookflash/firmware/pbx/store"
)

// PhoneRequest is the body of POST /phones: a SIP account for a softphone
// or an IP phone on extension Number, created with the extension if that
// does not exist yet.
type PhoneRequest struct {
	Number   string `json:"number"`
	Name     string `json:"name"`     // the extension's name when it is created
	Password string `json:"password"` // empty: one is generated
}

// Phone is what a phone needs to register.
type Phone struct {
	Extension string `json:"extension"`
	Username  string `json:"username"`
	Password  string `json:"password"` // shown once: only hashes are stored
	Realm     string `json:"realm"`
}

func (a *api) addPhone(w http.ResponseWriter, r *http.Request) {
	var req PhoneRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		fail(w, http.StatusBadRequest, fmt.Errorf("phone request: %w", err))
		return
	}
	if req.Password == "" {
		req.Password = rand.Text()
	}
	if err := sipauth.CheckPassword(req.Password, req.Number, req.Number); err != nil {
		fail(w, http.StatusBadRequest, fmt.Errorf("%w; or leave the password out to get a generated one", err))
		return
	}
	ctx := r.Context()
	realm := sipauth.DefaultRealm
	if err := a.Store.GetSetting(ctx, sipauth.RealmSetting, &realm); err != nil && !errors.Is(err, store.ErrNotFound) {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	ext, err := a.Store.Extensions().FindBy(ctx, "number", req.Number)
	if errors.Is(err, store.ErrNotFound) {
		ext = store.Extension{Number: req.Number, Name: req.Name, OnDuty: true, Outbound: store.OutboundInternal, Voicemail: true}
		if ext.Name == "" {
			ext.Name = "Extension " + req.Number
		}
		err = a.Store.Extensions().Create(ctx, &ext)
	}
	if err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	// The first account of an extension is named after it; further ones
	// (a second phone of the same person) get a suffix.
	devices, err := a.Store.SIPDevices().ListBy(ctx, "extension_id", ext.ID)
	if err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	username := ext.Number
	if len(devices) > 0 {
		username = fmt.Sprintf("%s-%d", ext.Number, len(devices)+1)
	}
	md5, sha := sipauth.HA1(username, realm, req.Password)
	dev := store.SIPDevice{ExtensionID: ext.ID, Username: username, HA1MD5: md5, HA1SHA256: sha, Description: "added by pbxctl"}
	if err := a.Store.SIPDevices().Create(ctx, &dev); err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	a.Logger.Info("SIP account added", "extension", ext.Number, "username", username)
	reply(w, Phone{Extension: ext.Number, Username: username, Password: req.Password, Realm: realm})
}
