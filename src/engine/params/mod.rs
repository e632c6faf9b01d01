//! From a request path and query string to a typed, validated request (spec §1–§2, §5–§7).
