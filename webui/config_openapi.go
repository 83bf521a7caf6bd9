package webui

import (
	_ "embed"
	"net/http"
)

// openAPIDoc is the OpenAPI 3 description of the web API, written by hand;
// TestOpenAPICoversRoutes keeps it in step with the routes.
//
//go:embed openapi.json
var openAPIDoc []byte

// openAPI serves GET /api/openapi.json. It needs no login: it describes
// the API and holds nothing of the box's configuration.
func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(openAPIDoc)
}
