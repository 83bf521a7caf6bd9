package scenario

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// The responsible manager through the REST APIs of Bitrix24 and amoCRM:
// find the contact that has the caller's number, take its responsible
// user, and map that user to an extension: by the user's internal phone
// number (Bitrix24's UF_PHONE_INNER) when it is an extension, else by the
// user's e-mail, which must match an extension's.

// restJSON sends a request and decodes a 2xx JSON answer into v. found is
// false for 204 No Content and 404.
func (x *execution) restJSON(ctx context.Context, method, u string, body any, header http.Header, v any) (found bool, err error) {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return false, err
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	status, b, err := x.roundTrip(req)
	switch {
	case err != nil:
		return false, err
	case status == http.StatusNoContent || status == http.StatusNotFound:
		return false, nil
	case status < 200 || status > 299:
		return false, fmt.Errorf("%s: status %d", req.URL.Path, status)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return false, fmt.Errorf("%s: the answer is not the JSON expected: %w", req.URL.Path, err)
	}
	return true, nil
}

// bitrix24Owner asks a Bitrix24 portal through its inbound webhook:
// crm.duplicate.findbycomm for the contacts with the number,
// crm.contact.get for the first one's ASSIGNED_BY_ID, user.get for that
// user.
func (x *execution) bitrix24Owner(ctx context.Context, c *Bitrix24Config, number string) (string, error) {
	base := strings.TrimSuffix(c.WebhookURL, "/") + "/"
	var dup struct {
		Result struct {
			Contact []int64 `json:"CONTACT"`
		} `json:"result"`
	}
	// An empty result is the JSON array [] rather than an object.
	var raw struct {
		Result json.RawMessage `json:"result"`
	}
	if _, err := x.restJSON(ctx, http.MethodPost, base+"crm.duplicate.findbycomm.json",
		map[string]any{"type": "PHONE", "values": []string{number}, "entity_type": "CONTACT"}, nil, &raw); err != nil {
		return "", fmt.Errorf("scenario: Bitrix24: %w", err)
	}
	if len(raw.Result) == 0 || raw.Result[0] != '{' {
		return "", nil
	}
	if err := json.Unmarshal(raw.Result, &dup.Result); err != nil || len(dup.Result.Contact) == 0 {
		return "", nil
	}
	var contact struct {
		Result struct {
			AssignedByID json.Number `json:"ASSIGNED_BY_ID"`
		} `json:"result"`
	}
	if _, err := x.restJSON(ctx, http.MethodPost, base+"crm.contact.get.json", map[string]any{"id": dup.Result.Contact[0]}, nil, &contact); err != nil {
		return "", fmt.Errorf("scenario: Bitrix24: %w", err)
	}
	if contact.Result.AssignedByID == "" {
		return "", nil
	}
	var users struct {
		Result []struct {
			Email      string `json:"EMAIL"`
			PhoneInner string `json:"UF_PHONE_INNER"`
		} `json:"result"`
	}
	if _, err := x.restJSON(ctx, http.MethodPost, base+"user.get.json", map[string]any{"ID": contact.Result.AssignedByID}, nil, &users); err != nil {
		return "", fmt.Errorf("scenario: Bitrix24: %w", err)
	}
	if len(users.Result) == 0 {
		return "", nil
	}
	u := users.Result[0]
	if _, ok := x.snap.exts[u.PhoneInner]; ok {
		return u.PhoneInner, nil
	}
	if n := x.snap.extensionByEmail(u.Email); n != "" {
		return n, nil
	}
	return "", fmt.Errorf("scenario: Bitrix24: the responsible user %s has no extension here: give them the extension's number as internal phone, or the extension their e-mail", contact.Result.AssignedByID)
}

// amoOwner asks an amoCRM account (API v4): the contacts found by the
// number, the first one's responsible_user_id, that user's e-mail.
func (x *execution) amoOwner(ctx context.Context, c *AmoCRMConfig, number string) (string, error) {
	domain := c.Domain
	if domain == "" {
		domain = amoDomains[0]
	}
	base := "https://" + c.Subdomain + "." + domain
	h := http.Header{"Authorization": {"Bearer " + c.AccessToken}}
	var contacts struct {
		Embedded struct {
			Contacts []struct {
				Responsible int64 `json:"responsible_user_id"`
			} `json:"contacts"`
		} `json:"_embedded"`
	}
	found, err := x.restJSON(ctx, http.MethodGet, base+"/api/v4/contacts?query="+url.QueryEscape(strings.TrimPrefix(number, "+")), nil, h, &contacts)
	if err != nil {
		return "", fmt.Errorf("scenario: amoCRM: %w", err)
	}
	if !found || len(contacts.Embedded.Contacts) == 0 || contacts.Embedded.Contacts[0].Responsible == 0 {
		return "", nil
	}
	id := contacts.Embedded.Contacts[0].Responsible
	var user struct {
		Email string `json:"email"`
	}
	if found, err := x.restJSON(ctx, http.MethodGet, base+"/api/v4/users/"+strconv.FormatInt(id, 10), nil, h, &user); err != nil || !found {
		if err == nil {
			return "", nil
		}
		return "", fmt.Errorf("scenario: amoCRM: %w", err)
	}
	if n := x.snap.extensionByEmail(user.Email); n != "" {
		return n, nil
	}
	return "", fmt.Errorf("scenario: amoCRM: the responsible user %d (%s) has no extension here: give an extension that e-mail", id, user.Email)
}
