//! The index file: a header (magic, format version, dump release, record count, checksum) and a postcard body.
