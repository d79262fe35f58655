// Command offline-manifest writes offline.json into a built site, after
// Pagefind has indexed it (make site): the files the service worker keeps for
// offline use and their version. Usage: offline-manifest site/public
package main

import (
	"fmt"
	"os"

	"guidance/site/offline"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: offline-manifest SITE_DIR")
		os.Exit(2)
	}
	m, err := offline.Write(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "offline-manifest:", err)
		os.Exit(1)
	}
	fmt.Printf("offline copy: %d files, %d bytes, version %s\n", len(m.Files), m.Bytes, m.Version)
}
