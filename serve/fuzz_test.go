package serve_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/caredata/caredata/serve"
)

// FuzzPath sends arbitrary request paths to the handler over the fixture:
// whatever the path, it must not panic, must answer GET with a status the
// server means (200, 206, 30x, 304, 400, 404, 405, 416), and must never
// send the secret that lies outside OUT, or .hidden.csv's bytes.
func FuzzPath(f *testing.F) {
	for _, p := range []string{"/", "/latest/", "/latest/children_in_care.csv", "/releases/", "/releases/" + oldID + "/",
		"/latest/../../outside/secret.txt", "/latest/escape.csv", "/releases/linked/secret.txt", "/latest/%2e%2e/%2e%2e/outside/secret.txt",
		"/latest/.hidden.csv", "/.lock", "/raw/", "//latest//", "/latest/\\..\\secret", "/releases/.staging-x/"} {
		f.Add(p)
	}
	h := serve.Handler(fx.out, slog.New(slog.DiscardHandler))
	f.Fuzz(func(t *testing.T, path string) {
		req, err := http.NewRequest("GET", "http://127.0.0.1", nil)
		if err != nil {
			t.Skip()
		}
		req.URL.Path = path
		req.URL.RawPath = ""
		req.RequestURI = path
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		switch w.Code {
		case 200, 206, 301, 302, 304, 400, 404, 405, 416:
		default:
			t.Errorf("%q: status %d", path, w.Code)
		}
		if body := w.Body.String(); strings.Contains(body, secret) || body == "hidden" {
			t.Errorf("%q: served what lies outside OUT or is hidden", path)
		}
	})
}
