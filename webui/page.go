package webui

import (
	"embed"
	"io/fs"
	"net/http"
)

// assetFS holds the page: plain HTML, CSS and JavaScript, no build step and
// no external URLs.
//
//go:embed assets
var assetFS embed.FS

// securityHeaders sets the headers that keep every response of the web UI
// from being framed, sniffed or made to load anything from elsewhere.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		next.ServeHTTP(w, r)
	})
}

// servePage serves GET /: the one page of the UI. It sets the CSRF cookie
// that the page's forms send back.
func (s *Server) servePage(w http.ResponseWriter, r *http.Request) {
	page, err := assetFS.ReadFile("assets/index.html")
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	csrfToken(w, r)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(page)
}

// assets serves GET /assets/...: the page's script and style sheet.
func (s *Server) assets() http.Handler {
	sub, err := fs.Sub(assetFS, "assets")
	if err != nil {
		panic("webui: embedded assets: " + err.Error()) // cannot happen: the directory is embedded
	}
	return http.StripPrefix("/assets/", http.FileServerFS(sub))
}
