package scenario

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Outcomes of elements that can fail.
const (
	OutcomeOK    = "ok"
	OutcomeError = "error"
)

// Limits of the HTTP request element.
const (
	maxHTTPTimeout  = 30               // seconds
	defHTTPTimeout  = 5                // seconds
	maxHTTPResponse = 64 << 10         // bytes of answer read
	httpMethodsList = "GET, POST, PUT" // for messages
)

// HTTP calls a web service. URL, headers and body may use {{variables}}
// (escaped for a query in the URL, as JSON string content in a JSON body).
// A 2xx answer is ok: Variables maps call variables to fields of its JSON
// answer by dotted path ("data.owner.ext", "items.0.name"), and the status
// is in http_status. Anything else (no answer within Timeout, another
// status, a field missing) is error.
type HTTP struct {
	Method    string            `json:"method"` // GET, POST or PUT
	URL       string            `json:"url"`
	Headers   map[string]string `json:"headers,omitempty"`
	Body      string            `json:"body,omitempty"`
	Timeout   int               `json:"timeout,omitempty"`   // seconds, 1 to 30; 0: 5
	Variables map[string]string `json:"variables,omitempty"` // variable -> answer field
}

// VarHTTPStatus is the variable the HTTP request element sets to the
// answer's status code.
const VarHTTPStatus = "http_status"

func (p *HTTP) Outcomes() []string { return []string{OutcomeOK, OutcomeError} }

func (p *HTTP) check(v *checker) {
	switch p.Method {
	case http.MethodGet, http.MethodPost, http.MethodPut:
	default:
		v.param("method", "must be one of %s", httpMethodsList)
	}
	u, err := url.Parse(strings.ReplaceAll(strings.ReplaceAll(p.URL, "{{", ""), "}}", ""))
	if err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		v.param("url", "must be an http:// or https:// address")
	}
	if p.Timeout != 0 && (p.Timeout < 1 || p.Timeout > maxHTTPTimeout) {
		v.param("timeout", "must be 1 to %d seconds", maxHTTPTimeout)
	}
	for _, name := range sortedStrings(p.Variables) {
		checkVarName(v, "variables", name)
		if p.Variables[name] == "" {
			v.param("variables", "variable %s needs an answer field", name)
		}
	}
}

func (p *HTTP) run(ctx context.Context, x *execution) (string, bool, error) {
	timeout := secs(p.Timeout)
	if timeout == 0 {
		timeout = defHTTPTimeout * time.Second
	}
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	status, body, err := p.do(rctx, x)
	if ctx.Err() != nil {
		return "", true, ctx.Err()
	}
	if status != 0 {
		x.set(VarHTTPStatus, strconv.Itoa(status))
	}
	if err == nil && (status < 200 || status > 299) {
		err = fmt.Errorf("status %d", status)
	}
	if err == nil && len(p.Variables) > 0 {
		err = p.assign(x, body)
	}
	if err != nil {
		x.log.Info("scenario: HTTP request failed", "element", x.el.ID, "err", err)
		return OutcomeError, false, nil
	}
	return OutcomeOK, false, nil
}

// do sends the request and reads the answer.
func (p *HTTP) do(ctx context.Context, x *execution) (int, []byte, error) {
	var body io.Reader
	if p.Body != "" {
		esc := (func(string) string)(nil)
		if ct := p.Headers["Content-Type"]; ct == "" || strings.Contains(ct, "json") {
			esc = jsonEscape
		}
		body = strings.NewReader(x.expand(p.Body, esc))
	}
	req, err := http.NewRequestWithContext(ctx, p.Method, x.expand(p.URL, url.QueryEscape), body)
	if err != nil {
		return 0, nil, err
	}
	for _, k := range sortedStrings(p.Headers) {
		req.Header.Set(k, x.expand(p.Headers[k], nil))
	}
	if p.Body != "" && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return x.roundTrip(req)
}

// roundTrip sends req with the execution's HTTP client and returns the
// answer's status and up to maxHTTPResponse bytes of its body. It serves
// the HTTP request element and the CRM lookups (crmrest.go).
func (x *execution) roundTrip(req *http.Request) (status int, body []byte, err error) {
	resp, err := x.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxHTTPResponse))
	return resp.StatusCode, b, err
}

// assign sets the mapped variables from a JSON answer.
func (p *HTTP) assign(x *execution, body []byte) error {
	var doc any
	if err := json.Unmarshal(body, &doc); err != nil {
		return fmt.Errorf("the answer is not JSON: %w", err)
	}
	for _, name := range sortedStrings(p.Variables) {
		v, ok := lookup(doc, p.Variables[name])
		if !ok {
			return fmt.Errorf("the answer has no field %s", p.Variables[name])
		}
		switch v := v.(type) {
		case string:
			x.set(name, v)
		case nil:
			x.set(name, "")
		default:
			b, _ := json.Marshal(v)
			x.set(name, string(b))
		}
	}
	return nil
}

// lookup follows a dotted path through decoded JSON.
func lookup(v any, path string) (any, bool) {
	for _, part := range strings.Split(path, ".") {
		switch t := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = t[part]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(t) {
				return nil, false
			}
			v = t[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// jsonEscape escapes s for use inside a JSON string.
func jsonEscape(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}
