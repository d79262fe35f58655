package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runBot runs the program as main would, with the given environment.
func runBot(tb testing.TB, env map[string]string, stdin string, args ...string) (stdout, stderr string, err error) {
	tb.Helper()
	var out, errOut bytes.Buffer
	getenv := func(k string) string { return env[k] }
	err = run(context.Background(), args, getenv, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

// writeFiles makes a content directory from name → text.
func writeFiles(tb testing.TB, files map[string]string) string {
	tb.Helper()
	dir := tb.TempDir()
	for name, body := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

func TestUnknownCommandIsUsageError(t *testing.T) {
	_, _, err := runBot(t, nil, "", "frobnicate")
	var usage usageError
	if !errors.As(err, &usage) || !strings.Contains(err.Error(), `unknown command "frobnicate"`) {
		t.Errorf("got %v, want a usage error naming the command", err)
	}
}

func TestCheckReportsFileAndLine(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"good.md": "---\ntitle: \"Good\"\nsummary: \"Fine.\"\nlast_reviewed: 2026-01-01\nreview_due: 2030-01-01\nsources:\n  document: \"R\"\n---\n\n## A\n\nText with a [broken link](/missing/#x).\n" + asked,
		"bad.md":  "no front matter here\n",
	})
	out, _, err := runBot(t, nil, "", "check", "--content", dir)
	if err == nil {
		t.Fatal("check passed broken content")
	}
	for _, want := range []string{"bad.md:1: error: missing front matter", `good.md:12: error: link "/missing/#x": no page at /missing/`, "2 errors"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestCheckPassesTheRealContent(t *testing.T) {
	out, _, err := runBot(t, nil, "", "check", "--content", "../content")
	if err != nil {
		t.Fatalf("content has errors: %v\n%s", err, out)
	}
	// Unlinked jargon is only a warning, so that a running server takes the
	// rest of a content change; the guide itself must have none.
	if strings.Contains(out, "first use of") {
		t.Errorf("jargon not linked to the glossary where first used:\n%s", out)
	}
}
