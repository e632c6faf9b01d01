//! Reading what users download: the official zip, a bare `.json`, or `.json.gz`; v1 or v2 schema.
