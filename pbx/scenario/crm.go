package scenario

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// CRM tells who owns a phone number in a CRM: the responsible manager.
// The box asks Bitrix24, amoCRM (crmrest.go) and a CRM behind a generic
// HTTP API (CRMConfig.API) itself; Opts.CRM, when set, answers for
// Bitrix24 and amoCRM instead.
type CRM interface {
	// Owner returns the extension number of the employee who owns number
	// in the CRM, or "" when nobody does.
	Owner(ctx context.Context, number string) (extension string, err error)
}

// VarManager is the variable the responsible-manager element sets to the
// owner's extension number.
const VarManager = "manager"

// defCRMTimeout is how long the CRM is waited for when its configuration
// does not say.
const defCRMTimeout = 3 * time.Second

// errNoCRM is the error of an element that asks a CRM the box is not set
// up for.
var errNoCRM = errors.New("scenario: no CRM is configured: set one up in Settings")

// crmOwner asks the CRM of kind who owns the caller's number.
func (x *execution) crmOwner(ctx context.Context, kind string) (string, error) {
	c := x.snap.crm
	switch {
	case c == nil:
		return "", errNoCRM
	case c.Kind != kind:
		return "", fmt.Errorf("scenario: the element asks %s, and the box is set up for %s", kind, c.Kind)
	case c.Kind == CRMAPI:
		return x.apiOwner(ctx, c.API)
	case x.eng.o.CRM != nil:
		return x.eng.o.CRM.Owner(ctx, x.vars[VarCaller])
	}
	rctx, cancel := context.WithTimeout(ctx, 2*defCRMTimeout) // a few requests
	defer cancel()
	if c.Kind == CRMBitrix24 {
		return x.bitrix24Owner(rctx, c.Bitrix24, x.vars[VarCaller])
	}
	return x.amoOwner(rctx, c.AmoCRM, x.vars[VarCaller])
}

// apiOwner asks a CRM behind a generic HTTP API: GET of the URL with the
// call's variables filled in, a 2xx JSON answer with the extension at the
// configured field. A 404, or the field missing or null, is no owner.
func (x *execution) apiOwner(ctx context.Context, c *CRMAPIConfig) (string, error) {
	timeout := time.Duration(c.TimeoutMS) * time.Millisecond
	if timeout == 0 {
		timeout = defCRMTimeout
	}
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodGet, x.expand(c.URL, url.QueryEscape), nil)
	if err != nil {
		return "", fmt.Errorf("scenario: CRM: %w", err)
	}
	for k, v := range c.Headers {
		req.Header.Set(k, v)
	}
	req.Header.Set("Accept", "application/json")
	status, body, err := x.roundTrip(req)
	switch {
	case err != nil:
		return "", fmt.Errorf("scenario: CRM: %w", err)
	case status == http.StatusNotFound:
		return "", nil
	case status < 200 || status > 299:
		return "", fmt.Errorf("scenario: CRM: status %d", status)
	}
	var doc any
	if err := json.Unmarshal(body, &doc); err != nil {
		return "", fmt.Errorf("scenario: CRM: the answer is not JSON: %w", err)
	}
	v, _ := lookup(doc, c.ExtensionField)
	switch v := v.(type) {
	case string:
		return v, nil
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case nil:
		return "", nil
	}
	return "", fmt.Errorf("scenario: CRM: %s is not an extension number", c.ExtensionField)
}
