//! `ror-index`: build an index from a ROR dump and query it from the command line.
//!
//! ```text
//! ror-index build DUMP -o INDEX      zip / .json / .json.gz, v1 or v2 → index (written to INDEX.tmp, then renamed)
//! ror-index info INDEX               what the index holds
//! ror-index get INDEX ID             the v1 API's answer for /v1/organizations/ID (exit 1 on 404)
//! ror-index search INDEX 'QUERY'     the v1 API's answer for /v1/organizations?QUERY
//! ror-index search INDEX -           one query string per stdin line → one compact JSON line each
//! ror-index request INDEX PATH       any v1 path (e.g. '/v1/organizations?query=oxford'): status + body
//! ```
//!
//! Files, the terminal and the clock live here; everything else is in the library.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use ror_wasm::build::{self, Progress, Stage};
use ror_wasm::engine::{Clock, Engine};

const USAGE: &str = "usage:
  ror-index build DUMP -o INDEX [--quiet]
  ror-index info INDEX
  ror-index get INDEX ID
  ror-index search INDEX 'QUERY STRING' | -   [--oracle: the differential oracle's answer shape]
  ror-index request INDEX PATH_AND_QUERY";

struct SystemClock {
    start: Instant,
}

impl Clock for SystemClock {
    fn now_epoch_ms(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0)
    }
    fn monotonic_ms(&self) -> f64 {
        self.start.elapsed().as_secs_f64() * 1000.0
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("build") => cmd_build(&args[1..]),
        Some("info") => cmd_info(&args[1..]),
        Some("get") => cmd_get(&args[1..]),
        Some("search") => cmd_search(&args[1..]),
        Some("request") => cmd_request(&args[1..]),
        Some("-h") | Some("--help") | Some("help") => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("ror-index: {msg}");
            ExitCode::from(2)
        }
    }
}

fn load(path: &str) -> Result<Engine, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    Engine::load(bytes).map_err(|e| format!("{path}: {e}"))
}

/// A progress bar on stderr (only when it is a terminal and the build is long enough to need one).
struct Bar {
    enabled: bool,
    started: Instant,
    last: Option<Instant>,
}

impl Bar {
    fn update(&mut self, p: Progress) {
        if !self.enabled || self.started.elapsed().as_millis() < 300 {
            return;
        }
        let now = Instant::now();
        if self
            .last
            .is_some_and(|l| now.duration_since(l).as_millis() < 100)
            && p.done < p.total
        {
            return;
        }
        self.last = Some(now);
        let stage = match p.stage {
            Stage::Reading => "reading dump",
            Stage::Indexing => "indexing",
            Stage::Writing => "writing index",
        };
        let frac = if p.total == 0 {
            0.0
        } else {
            p.done as f64 / p.total as f64
        };
        let width = 30;
        let filled = (frac * width as f64) as usize;
        eprint!(
            "\r[{}{}] {:>3}% {:<14} {:>5.1}s",
            "#".repeat(filled.min(width)),
            " ".repeat(width - filled.min(width)),
            (frac * 100.0) as u32,
            stage,
            self.started.elapsed().as_secs_f64()
        );
        let _ = std::io::stderr().flush();
    }
    fn finish(&self) {
        if self.enabled && self.last.is_some() {
            eprint!("\r{}\r", " ".repeat(60));
        }
    }
}

fn cmd_build(args: &[String]) -> Result<ExitCode, String> {
    let mut dump = None;
    let mut out = None;
    let mut quiet = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-o" | "--output" => out = it.next().cloned(),
            "-q" | "--quiet" => quiet = true,
            _ if dump.is_none() => dump = Some(a.clone()),
            _ => return Err(format!("unexpected argument {a}\n{USAGE}")),
        }
    }
    let (Some(dump), Some(out)) = (dump, out) else {
        return Err(USAGE.to_owned());
    };
    let t0 = Instant::now();
    let bytes = std::fs::read(&dump).map_err(|e| format!("cannot read {dump}: {e}"))?;
    let mut bar = Bar {
        enabled: !quiet && std::io::stderr().is_terminal(),
        started: t0,
        last: None,
    };
    let built = build::build_index(&bytes, &mut |p| bar.update(p));
    bar.finish();
    let built = match built {
        Ok(b) => b,
        Err(e) => {
            eprintln!("ror-index: {dump}: {e}");
            return Ok(ExitCode::from(1));
        }
    };
    // Write next to the target, then rename: an interrupted build never leaves a half-written index.
    let out_path = PathBuf::from(&out);
    let tmp = tmp_path(&out_path);
    let write = std::fs::write(&tmp, &built.bytes).and_then(|_| std::fs::rename(&tmp, &out_path));
    if let Err(e) = write {
        let _ = std::fs::remove_file(&tmp);
        eprintln!("ror-index: cannot write {out}: {e}");
        return Ok(ExitCode::from(1));
    }
    if !quiet {
        let statuses: Vec<String> = built
            .by_status
            .iter()
            .map(|(s, n)| format!("{s} {n}"))
            .collect();
        eprintln!(
            "{} records ({}), schema {}, from {}\nindex {} bytes ({:.1} MB; dump {} bytes) in {:.1} s → {}",
            built.info.record_count,
            statuses.join(", "),
            built.info.schema,
            built.info.source,
            built.bytes.len(),
            built.bytes.len() as f64 / 1e6,
            bytes.len(),
            t0.elapsed().as_secs_f64(),
            out
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn tmp_path(p: &Path) -> PathBuf {
    let mut name = p.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".tmp");
    p.with_file_name(name)
}

fn cmd_info(args: &[String]) -> Result<ExitCode, String> {
    let [path] = args else {
        return Err(USAGE.to_owned());
    };
    let t0 = Instant::now();
    let e = load(path)?;
    let info = e.info();
    println!("records     {}", info.record_count);
    println!("schema      {}", info.schema);
    println!("source      {}", info.source);
    println!(
        "release     {}",
        info.release.as_deref().unwrap_or("unknown")
    );
    println!("date        {}", info.date.as_deref().unwrap_or("unknown"));
    println!("built by    {}", info.built_by);
    println!("bytes       {}", e.index().byte_len());
    println!("load        {:.1} ms", t0.elapsed().as_secs_f64() * 1000.0);
    Ok(ExitCode::SUCCESS)
}

fn cmd_get(args: &[String]) -> Result<ExitCode, String> {
    let [path, id] = args else {
        return Err(USAGE.to_owned());
    };
    let mut e = load(path)?;
    let r = e.get(id);
    println!("{}", r.body);
    Ok(if r.status == 200 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn cmd_search(args: &[String]) -> Result<ExitCode, String> {
    let oracle = args.iter().any(|a| a == "--oracle");
    let args: Vec<&String> = args.iter().filter(|a| *a != "--oracle").collect();
    let [path, query] = args[..] else {
        return Err(USAGE.to_owned());
    };
    let mut e = load(path)?;
    let clock = SystemClock {
        start: Instant::now(),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut ok = true;
    let mut answer = |q: &str, out: &mut dyn Write| -> Result<(), String> {
        if oracle {
            let body = ror_wasm::engine::search::oracle_json(&mut e, q, &clock);
            return writeln!(out, "{body}").map_err(|e| e.to_string());
        }
        let r = e.list(q, &clock);
        ok &= r.status == 200;
        writeln!(out, "{}", r.body).map_err(|e| e.to_string())
    };
    if query == "-" {
        for line in std::io::stdin().lock().lines() {
            let line = line.map_err(|e| format!("stdin: {e}"))?;
            let line = line.strip_suffix('\r').unwrap_or(&line);
            // Lines starting with '#' are comments (a query string cannot start with '#').
            if oracle && line.starts_with('#') {
                continue;
            }
            answer(line, &mut out)?;
        }
    } else {
        let q = query.strip_prefix('?').unwrap_or(query);
        answer(q, &mut out)?;
    }
    out.flush().map_err(|e| e.to_string())?;
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn cmd_request(args: &[String]) -> Result<ExitCode, String> {
    let [path, req] = args else {
        return Err(USAGE.to_owned());
    };
    let mut e = load(path)?;
    let clock = SystemClock {
        start: Instant::now(),
    };
    let r = e.request(req, &clock);
    println!("{}", r.status);
    if let Some(l) = &r.location {
        println!("Location: {l}");
    }
    println!("{}", r.body);
    Ok(if r.status < 400 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
