package serve_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"

	"github.com/caredata/caredata/serve"
)

// ExampleHandler serves an output folder holding one release and asks for
// the newest copy of a dataset.
func ExampleHandler() {
	out, _ := os.MkdirTemp("", "caredata-out-")
	defer os.RemoveAll(out)
	rel := filepath.Join(out, "releases", "20261123T020000Z")
	os.MkdirAll(rel, 0o755)
	os.WriteFile(filepath.Join(rel, "children_in_care.csv"), []byte("time_period,number\n2025,83630\n"), 0o644)
	os.Symlink(filepath.Join("releases", "20261123T020000Z"), filepath.Join(out, "latest"))

	srv := httptest.NewServer(serve.Handler(out, slog.New(slog.DiscardHandler)))
	defer srv.Close()

	resp, err := http.Get(srv.URL + "/latest/children_in_care.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.Status)
	fmt.Println(resp.Header.Get("Content-Type"))
	fmt.Print(string(body))

	resp, err = http.Post(srv.URL+"/latest/children_in_care.csv", "text/csv", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println(resp.Status, resp.Header.Get("Allow"))
	// Output:
	// 200 OK
	// text/csv; charset=utf-8
	// time_period,number
	// 2025,83630
	// 405 Method Not Allowed GET, HEAD
}
