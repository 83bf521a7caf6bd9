package webui

import (
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// appFS holds the admin app that `make ui` builds into uidist/app, and
// uidist/README.md, which keeps the directory in git while the app is not
// built.
//
//go:embed uidist
var appFS embed.FS

// appDir is the directory of the built app in appFS.
const appDir = "uidist/app"

// notBuiltPage is the page a pbxd built without the app serves instead.
const notBuiltPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hookflash: web UI not built</title></head>
<body>
<h1>Hookflash</h1>
<p>The web UI is not built: run <code>make ui</code> (it needs Node.js and npm), then <code>make build</code>, and restart pbxd.</p>
<p>The JSON API under <a href="/api/openapi.json">/api/</a> works without it.</p>
</body>
</html>
`

// spa wraps next, the API's handler, with the admin app: see appHandler.
func (s *Server) spa(next http.Handler) http.Handler {
	files, err := fs.Sub(appFS, appDir)
	if err != nil {
		panic("webui: embedded app: " + err.Error()) // cannot happen: appDir is a valid path
	}
	return newAppHandler(files, next)
}

// appHandler serves a single-page app: each file of the build by its path,
// and the app's index.html for every other path that does not name a file,
// so that the app's own routes (/extensions, /scenarios/3) load it. Requests
// under /api/, and requests other than GET and HEAD, go to next: the app
// never shadows the API.
type appHandler struct {
	files fs.FS
	index []byte // nil when the app is not built
	next  http.Handler
}

// newAppHandler returns an appHandler for the built app in files, whose
// root holds index.html; without index.html it serves notBuiltPage.
func newAppHandler(files fs.FS, next http.Handler) *appHandler {
	h := &appHandler{files: files, next: next}
	if b, err := fs.ReadFile(files, "index.html"); err == nil {
		h.index = b
	}
	return h
}

// ServeHTTP serves r. It is safe for concurrent use.
func (h *appHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if (r.Method != http.MethodGet && r.Method != http.MethodHead) ||
		r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/") {
		h.next.ServeHTTP(w, r)
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	page := name == "" || name == "index.html"
	if !page && h.index != nil {
		if st, err := fs.Stat(h.files, name); err == nil && st.Mode().IsRegular() {
			if strings.HasPrefix(name, "assets/") {
				// Vite names each asset by a hash of its content.
				w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
			}
			http.ServeFileFS(w, r, h.files, name)
			return
		}
	}
	if !page && strings.Contains(path.Base(name), ".") {
		http.Error(w, "no such file: open / for the admin page", http.StatusNotFound)
		return
	}
	csrfToken(w, r)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if h.index == nil {
		w.Write([]byte(notBuiltPage))
		return
	}
	w.Write(h.index)
}
