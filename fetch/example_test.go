package fetch_test

import (
	"fmt"
	"log"
	"os"

	"github.com/caredata/caredata/fetch"
)

func ExampleStore() {
	dir, err := os.MkdirTemp("", "fetch-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	store := &fetch.Store{Dir: dir}

	sha, err := store.Put([]byte("time_period,value\n2025,1\n"))
	if err != nil {
		log.Fatal(err)
	}
	if err := store.SaveCached("dfe-cla-2025", fetch.Cached{URL: "https://example.org/cla.csv", SHA256: sha}); err != nil {
		log.Fatal(err)
	}
	c, _ := store.LoadCached("dfe-cla-2025")
	data, err := store.Get(c.SHA256)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s %q\n", c.SHA256[:12], data)
	// Output: 02e7e47cc741 "time_period,value\n2025,1\n"
}
