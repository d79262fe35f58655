package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"

	"guidance/markdown"
)

func runCheck(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "check", "[--release] [--content DIR]")
	release := fs.Bool("release", false, "also fail on overdue reviews and example contact details")
	dir := fs.String("content", "", "content directory (default $CONTENT_DIR or ./content)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	return checkContent(e, os.DirFS(contentDir(e, *dir)), *release)
}

// checkContent prints every problem as file:line and a one-line report.
func checkContent(e *env, fsys fs.FS, release bool) error {
	lib, problems := markdown.Parse(fsys)
	files, err := readAll(fsys)
	if err != nil {
		return fmt.Errorf("check: %w", err)
	}
	problems = append(problems, markdown.Check(lib, markdown.CheckOptions{Now: e.now(), Release: release, Files: files})...)
	for _, p := range problems {
		fmt.Fprintln(e.stdout, p)
	}
	sections, words := 0, 0
	for _, p := range lib.Pages {
		sections += len(p.Sections)
		for _, s := range p.Sections {
			words += countWords(s.Text)
		}
	}
	errs := problems.Errors()
	fmt.Fprintf(e.stdout, "%d pages, %d sections, %d words, %d contacts, %d glossary terms: %d errors, %d warnings\n",
		len(lib.Pages), sections, words, len(lib.Contacts), len(lib.Glossary), len(errs), len(problems)-len(errs))
	if len(errs) > 0 {
		return fmt.Errorf("check: %d errors in content", len(errs))
	}
	return nil
}

func readAll(fsys fs.FS) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(name) != ".md" {
			return err
		}
		b, err := fs.ReadFile(fsys, name)
		files[name] = b
		return err
	})
	return files, err
}

func countWords(s string) int {
	n, in := 0, false
	for _, r := range s {
		space := r == ' ' || r == '\n' || r == '\t'
		if !space && !in {
			n++
		}
		in = !space
	}
	return n
}
