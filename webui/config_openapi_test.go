package webui

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// openAPIOps returns the operations the embedded document describes, as
// "METHOD /path", with whether each needs a login.
func openAPIOps(t *testing.T) map[string]bool {
	t.Helper()
	var doc struct {
		OpenAPI string `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage
	}
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi.json says openapi %q; want 3.x", doc.OpenAPI)
	}
	ops := map[string]bool{}
	for path, item := range doc.Paths {
		for method, raw := range item {
			if method == "parameters" {
				continue
			}
			var op struct {
				Security  *[]any                     `json:"security"`
				Responses map[string]json.RawMessage `json:"responses"`
			}
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Fatalf("%s %s: %v", method, path, err)
			}
			if len(op.Responses) == 0 {
				t.Errorf("%s %s has no responses", method, path)
			}
			ops[strings.ToUpper(method)+" "+path] = op.Security == nil || len(*op.Security) > 0
		}
	}
	return ops
}

// registeredRoutes returns the API routes that the package's source
// registers: the string literal patterns "METHOD /api/..." given to
// Handle or HandleFunc.
func registeredRoutes(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var routes []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || (sel.Sel.Name != "HandleFunc" && sel.Sel.Name != "Handle") {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				t.Errorf("%s: a route pattern that is not a string literal; the OpenAPI test cannot see it", fset.Position(call.Pos()))
				return true
			}
			pattern, _ := strconv.Unquote(lit.Value)
			if method, path, ok := strings.Cut(pattern, " "); ok && strings.HasPrefix(path, "/api/") {
				routes = append(routes, method+" "+path)
			}
			return true
		})
	}
	if len(routes) < 40 {
		t.Fatalf("found only %d API routes in the source: %v", len(routes), routes)
	}
	return routes
}

// TestOpenAPICoversRoutes checks that every API route the package
// registers is in openapi.json, and every operation there is routed.
func TestOpenAPICoversRoutes(t *testing.T) {
	t.Parallel()
	ops := openAPIOps(t)
	routes := registeredRoutes(t)
	for _, r := range routes {
		if _, ok := ops[r]; !ok {
			t.Errorf("route %q is not described in openapi.json: add it", r)
		}
	}
	for op := range ops {
		if !slices.Contains(routes, op) {
			t.Errorf("openapi.json describes %q, which no route serves", op)
		}
	}

	// Through the handler: each operation is routed, and those that need
	// a login refuse a browser without one.
	e := newTestEnv(t)
	b := e.browser(t, "192.0.2.50:1000")
	b.fetchCSRF()
	fill := strings.NewReplacer("{id}", "1", "{other}", "2", "{key}", "sip_realm")
	for op, needsLogin := range ops {
		method, path, _ := strings.Cut(op, " ")
		b.fetchCSRF() // logout replaces the token
		res := b.do(method, fill.Replace(path), "{}")
		if res.Code == http.StatusMethodNotAllowed || (res.Code == http.StatusNotFound && strings.Contains(res.Body.String(), "no such API endpoint")) {
			t.Errorf("%s = %d %s; want it routed", op, res.Code, res.Body)
		}
		if needsLogin && res.Code != http.StatusUnauthorized {
			t.Errorf("%s without login = %d; want 401 (or mark it \"security\": [] in openapi.json)", op, res.Code)
		}
	}
}

// TestOpenAPIRefsResolve checks that every $ref points into the document.
func TestOpenAPIRefsResolve(t *testing.T) {
	t.Parallel()
	var doc map[string]any
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatal(err)
	}
	refs := regexp.MustCompile(`"\$ref":\s*"#/([^"]+)"`).FindAllSubmatch(openAPIDoc, -1)
	if len(refs) == 0 {
		t.Fatal("no $ref found")
	}
	for _, m := range refs {
		var node any = doc
		for _, part := range strings.Split(string(m[1]), "/") {
			obj, ok := node.(map[string]any)
			if !ok {
				node = nil
				break
			}
			node = obj[part]
		}
		if node == nil {
			t.Errorf("$ref #/%s points nowhere", m[1])
		}
	}
}

func TestOpenAPIServed(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := e.browser(t, "192.0.2.50:1000")
	res := b.do("GET", "/api/openapi.json", nil)
	if res.Code != http.StatusOK || !bytes.Equal(res.Body.Bytes(), openAPIDoc) || !strings.HasPrefix(res.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("GET /api/openapi.json = %d %q; want 200 with the document", res.Code, res.Header().Get("Content-Type"))
	}
}
