package hal

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/hookflash/firmware"

// projectDeps lists the project packages that pattern depends on.
func projectDeps(t *testing.T, pattern string) map[string][]string {
	t.Helper()
	cmd := exec.Command("go", "list", "-e", "-deps", "-f", `{{.ImportPath}}: {{join .Imports " "}}`, pattern)
	cmd.Dir = ".."
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps %s: %v\n%s", pattern, err, out)
	}
	deps := map[string][]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(l, ": ")
		if !strings.HasPrefix(pkg, module+"/") {
			continue
		}
		for _, imp := range strings.Fields(imports) {
			if strings.HasPrefix(imp, module+"/") {
				deps[pkg] = append(deps[pkg], imp)
			}
		}
		if _, ok := deps[pkg]; !ok {
			deps[pkg] = nil
		}
	}
	return deps
}

// TestLayering checks the architecture's import rules with go list -deps:
// hal imports nothing of the project, drivers import only hal.
func TestLayering(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	for pkg, imps := range projectDeps(t, "./hal/...") {
		for _, imp := range imps {
			if !strings.HasPrefix(imp, module+"/hal") || (!strings.HasPrefix(pkg, module+"/hal/") && imp != module+"/hal") {
				t.Errorf("%s imports %s; hal must import nothing of the project outside hal", pkg, imp)
			}
		}
	}
	for pkg, imps := range projectDeps(t, "./drivers/...") {
		if !strings.HasPrefix(pkg, module+"/drivers/") {
			if pkg != module+"/hal" {
				t.Errorf("drivers depend on %s; they may import only hal", pkg)
			}
			continue
		}
		for _, imp := range imps {
			if imp != module+"/hal" {
				t.Errorf("%s imports %s; drivers may import only hal", pkg, imp)
			}
		}
	}
}
