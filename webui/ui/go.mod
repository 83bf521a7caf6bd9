// This module is empty on purpose: it keeps `go build ./...`, `go vet ./...`
// and go:embed out of the npm project and its node_modules.
module github.com/hookflash/firmware/webui/ui

go 1.26
