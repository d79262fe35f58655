package markdown

import (
	"bytes"
	"errors"
	"io/fs"

	"gopkg.in/yaml.v3"

	"guidance"
)

// publisherYAML is content/publisher.yaml. Hugo reads the same file as site
// data (see site/hugo.toml), so the site and the bot name the same owner.
type publisherYAML struct {
	Organisation  string            `yaml:"organisation"`
	Address       string            `yaml:"address"`
	ReportProblem string            `yaml:"report_problem"`
	Owner         string            `yaml:"owner"`
	PageOwners    map[string]string `yaml:"page_owners"`
}

// parsePublisher reads the publisher's details. A missing file is not an
// error: everything is then to be confirmed, which `check --release` refuses.
func parsePublisher(fsys fs.FS) (guidance.Publisher, guidance.Problems) {
	src, err := fs.ReadFile(fsys, guidance.PublisherFile)
	if errors.Is(err, fs.ErrNotExist) {
		return guidance.Publisher{}, nil
	}
	if err != nil {
		return guidance.Publisher{}, guidance.Problems{{File: guidance.PublisherFile, Line: 1, Message: err.Error()}}
	}
	if len(src) > MaxFileBytes {
		return guidance.Publisher{}, guidance.Problems{{File: guidance.PublisherFile, Line: 1, Message: "file is larger than the limit"}}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		return guidance.Publisher{}, guidance.Problems{plainYAMLProblem(guidance.PublisherFile, err)}
	}
	var p publisherYAML
	if len(bytes.TrimSpace(src)) > 0 {
		dec := yaml.NewDecoder(bytes.NewReader(src))
		dec.KnownFields(true)
		if err := dec.Decode(&p); err != nil {
			return guidance.Publisher{}, guidance.Problems{plainYAMLProblem(guidance.PublisherFile, err)}
		}
	}
	return guidance.Publisher{
		Organisation: p.Organisation, Address: p.Address, ReportProblem: p.ReportProblem,
		Owner: p.Owner, PageOwners: p.PageOwners, Lines: plainKeyLines(&root),
	}, nil
}

// plainKeyLines maps each top-level key of a YAML file to its line.
func plainKeyLines(root *yaml.Node) map[string]int {
	lines := keyLines(root)
	for k := range lines {
		lines[k]-- // keyLines counts from a front matter's opening '---'
	}
	return lines
}
