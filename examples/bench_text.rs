//! Analysis throughput of `ror_wasm::text` over the strings of the full v1 dump, per analyzer.
//!
//! `cargo run --release --example bench_text [dump.zip]` (default `data/ror-v1-dump.zip`). Names are every name,
//! alias, acronym and label in dump order (duplicates included), links every link and Wikipedia URL; each
//! analyzer runs `ROUNDS` rounds over its strings with one reused `Analysis`, and the best round is printed.

/// Rounds per analyzer; the best is printed (robust against other jobs on a shared machine).
const ROUNDS: usize = 15;

#[cfg(feature = "builder")]
fn main() {
    use ror_wasm::text::{Analysis, Analyzer};
    use std::time::Instant;

    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "data/ror-v1-dump.zip".to_owned());
    let zip = std::fs::read(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    let json = unzip_single(&zip);
    let dump: serde_json::Value = std::str::from_utf8(&json)
        .expect("UTF-8")
        .parse()
        .expect("dump JSON");
    let records = dump.as_array().expect("a JSON array of records");
    let (mut names, mut links) = (Vec::new(), Vec::new());
    for r in records {
        names.extend(r["name"].as_str());
        names.extend(strs(&r["aliases"]));
        names.extend(strs(&r["acronyms"]));
        names.extend(
            r["labels"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|l| l["label"].as_str()),
        );
        links.extend(strs(&r["links"]));
        links.extend(r["wikipedia_url"].as_str());
    }
    // Own copies, allocated in order (as a builder holding the record strings would), not scattered over the
    // JSON tree: the figures should measure analysis, not cache misses into a 146 MB parse tree.
    let names: Vec<String> = names.into_iter().map(str::to_owned).collect();
    let links: Vec<String> = links.into_iter().map(str::to_owned).collect();
    println!(
        "{} records: {} names, {} links; text tables {} bytes",
        records.len(),
        names.len(),
        links.len(),
        ror_wasm::text::TABLE_BYTES
    );

    let mut a = Analysis::new();
    for (analyzer, what, strings) in [
        (Analyzer::Standard, "names", &names),
        (Analyzer::StringLowercase, "names", &names),
        (Analyzer::Simple, "names", &names),
        (Analyzer::Simple, "links", &links),
    ] {
        let bytes: usize = strings.iter().map(|s| s.len()).sum();
        let mut best = f64::INFINITY;
        let mut tokens = 0;
        for _ in 0..ROUNDS {
            let t = Instant::now();
            tokens = 0;
            for s in strings.iter() {
                a.run(analyzer, s);
                tokens += a.tokens().len();
            }
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!(
            "{:<16} {:<5} {:>7} strings {:>6.2} MB {:>8} tokens: {:>7.1} MB/s {:>10.0} strings/s {:>6.1} ms",
            analyzer.name(),
            what,
            strings.len(),
            bytes as f64 / 1e6,
            tokens,
            bytes as f64 / 1e6 / best,
            strings.len() as f64 / best,
            best * 1e3
        );
    }
}

/// The strings of a JSON array (none if it is not one).
#[cfg(feature = "builder")]
fn strs(v: &serde_json::Value) -> impl Iterator<Item = &str> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str())
}

/// The single member of a zip file, inflated.
#[cfg(feature = "builder")]
fn unzip_single(zip: &[u8]) -> Vec<u8> {
    let u16_at = |i: usize| u16::from_le_bytes([zip[i], zip[i + 1]]) as usize;
    let u32_at =
        |i: usize| u32::from_le_bytes([zip[i], zip[i + 1], zip[i + 2], zip[i + 3]]) as usize;
    let eocd = (0..zip.len() - 21)
        .rev()
        .find(|&i| u32_at(i) == 0x0605_4b50)
        .expect("end of central directory");
    let cd = u32_at(eocd + 16);
    assert_eq!(u16_at(cd + 10), 8, "deflate");
    let (size, local) = (u32_at(cd + 20), u32_at(cd + 42));
    let data = local + 30 + u16_at(local + 26) + u16_at(local + 28);
    miniz_oxide::inflate::decompress_to_vec(&zip[data..data + size]).expect("inflate")
}

#[cfg(not(feature = "builder"))]
fn main() {
    eprintln!("bench_text needs the `builder` feature (zip reading)");
}
