//! The Elasticsearch 7 / Lucene classic query-string language: a total nom parser producing an AST with spans.
//! Knows syntax only, never ROR field names.
