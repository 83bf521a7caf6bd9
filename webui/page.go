package webui

import "net/http"

// securityHeaders sets the headers that keep every response of the web UI
// from being framed, sniffed or made to load anything from elsewhere.
// Media may also come from blob: URLs, which only the page itself makes:
// the prompts page plays a spoken preview it received by POST.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; media-src 'self' blob:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		next.ServeHTTP(w, r)
	})
}
