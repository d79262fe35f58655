// Package guidance holds the domain types shared by the content loader, the
// search index, the answerer and its transports, and the one question
// normaliser and limits they all use. It depends on nothing but the
// standard library and golang.org/x/text, so every other package can speak
// in its terms.
package guidance
