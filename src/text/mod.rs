//! Text analysis exactly as Lucene 8.7/8.8 runs it for the v1 index (spec §3.3, §4.5): the standard tokenizer
//! (UAX #29), the letter tokenizer of the `simple` analyzer, lower-casing and ASCII folding, and the
//! normalisation applied to wildcard, prefix, fuzzy and range terms.
