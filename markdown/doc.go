// Package markdown loads the guidance library from content/: Markdown pages
// with YAML front matter, split into one section per heading, each with the
// anchor Hugo gives that heading (a tested port of Hugo's rules, so the bot
// can link into the site). It also holds the content checks `bot check`
// runs, each reported as file:line. It is the only package that imports
// goldmark and yaml; the search index never sees Markdown.
package markdown
