//! Architecture invariants checked by reading the source tree (rust-analyzer's "tidy" tests).

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable src") {
        let p = entry.expect("dir entry").path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

fn src_files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    files
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(&root)
                .expect("under src")
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&p).expect("utf-8 source");
            (rel, text)
        })
        .collect()
}

/// Code without comments (so that docs may name what the code must not use).
fn code_only(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn only_the_wasm_module_knows_javascript() {
    for (path, text) in src_files() {
        // The JS bindings, and wasm-only test modules (run by wasm-bindgen-test).
        if path.starts_with("wasm/") || path.ends_with("wasm_tests.rs") {
            continue;
        }
        let code = code_only(&text);
        for name in ["wasm_bindgen", "js_sys", "JsValue", "serde_wasm_bindgen"] {
            assert!(
                !code.contains(name),
                "src/{path} names {name}: only src/wasm* may know about JS"
            );
        }
    }
}

#[test]
fn the_engine_does_no_io() {
    for (path, text) in src_files() {
        let pure = ["engine/", "query/", "index/", "text/", "build/", "record/"];
        // Test modules in their own files (`tests.rs`) read fixtures; they are not shipped code.
        if !pure.iter().any(|p| path.starts_with(p))
            || path.ends_with("tests.rs")
            || path.contains("/tests/")
        {
            continue;
        }
        let code = code_only(&text);
        let code = match code.find("#[cfg(test)]") {
            Some(i) => &code[..i],
            None => &code[..],
        };
        for name in [
            "std::fs",
            "std::net",
            "std::env",
            "Instant::now",
            "SystemTime",
            "println!",
            "eprintln!",
            "print!(",
            "std::io::stdin",
            "std::process",
        ] {
            assert!(
                !code.contains(name),
                "src/{path} uses {name}: engine, query, index, text, build and record stay pure"
            );
        }
    }
}

#[test]
fn index_bytes_are_read_and_written_in_one_place() {
    for (path, text) in src_files() {
        if path.starts_with("index/") {
            continue;
        }
        let code = code_only(&text);
        assert!(
            !code.contains("postcard::to_") && !code.contains("postcard::from_"),
            "src/{path} uses postcard directly: index bytes are produced by index::encode and read by index::decode"
        );
    }
}

#[test]
fn modules_say_what_they_are_for() {
    for (path, text) in src_files() {
        if path.ends_with("tables.rs") || path.contains("unicode_tables") {
            continue;
        }
        assert!(
            text.trim_start().starts_with("//!"),
            "src/{path} does not start with a //! module comment"
        );
    }
}
