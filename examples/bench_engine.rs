//! Native figures of the engine for the benchmark (`./bench.sh`, `bench/run.mjs`): build time, load time (bytes
//! in memory → first answer), resident memory after load, per-query latency and the answers (ids of page 1) on
//! the benchmark's workloads. Prints JSON; the harness folds it into its table beside the wasm package and the
//! JavaScript libraries.
//!
//! ```text
//! bench_engine build DUMP [-o INDEX] [--runs N]       build N times from the dump's bytes in memory
//! bench_engine run INDEX WORKLOADS [--rounds N]       everything on its own, one JSON document
//! bench_engine serve INDEX WORKLOADS                  load, then answer the harness line by line on stdin:
//!     round NAME,NAME,…   → {"lat":{"NAME":[ms,…]}}    one timed pass over each workload's timed requests
//!     ids NAME [all]      → {"ids":[[id,…],…],"errors":N}  page-1 ids (short form) of the timed requests (or
//!                           of all), untimed
//!     quit
//! ```
//!
//! `WORKLOADS` is the JSON the harness writes (`target/bench/workloads.json`): `[{name, stride, items: [{qs}]}]`,
//! each `qs` the query string of a `GET /v1/organizations?…` request; the timed requests are every `stride`-th. Timed: `Engine::list`, which renders the
//! whole v1 body (20 records, exact total, facets) as the wasm package does before handing it to JS.
//!
//! `cargo build --release --example bench_engine` (the harness does it).

use std::io::{BufRead, Write};
use std::time::Instant;

use ror_wasm::engine::{Clock, Engine};

struct SystemClock(Instant);

impl Clock for SystemClock {
    fn now_epoch_ms(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0)
    }
    fn monotonic_ms(&self) -> f64 {
        self.0.elapsed().as_secs_f64() * 1000.0
    }
}

/// The request every engine answers first when it is loaded (load time ends with this answer).
const FIRST: &str = "query=University%20of%20Oxford";

struct Workload {
    name: String,
    /// Every request (the `ids … all` pass).
    queries: Vec<String>,
    /// Every `stride`-th request (the timed rounds).
    timed: Vec<String>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("build") => build(&args[1..]),
        Some("serve") => serve(&args[1..]),
        Some("run") => run(&args[1..]),
        _ => Err("usage: bench_engine build DUMP [-o INDEX] [--runs N] | run INDEX WORKLOADS [--rounds N] | \
                  serve INDEX WORKLOADS"
            .to_owned()),
    };
    if let Err(e) = result {
        eprintln!("bench_engine: {e}");
        std::process::exit(2);
    }
}

/// Resident set size in bytes (Linux `/proc/self/statm`), or 0 elsewhere.
fn rss() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096)
}

fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

#[cfg(feature = "builder")]
fn build(args: &[String]) -> Result<(), String> {
    let dump = args.first().ok_or("build: DUMP missing")?;
    let runs: usize = flag(args, "--runs")
        .map_or(Ok(1), |n| n.parse())
        .map_err(|e| format!("--runs: {e}"))?;
    let bytes = std::fs::read(dump).map_err(|e| format!("{dump}: {e}"))?;
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let built = ror_wasm::build::build_index(&bytes, &mut |_| {})
            .map_err(|e| format!("{dump}: {e}"))?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        last = Some(built);
    }
    let built = last.ok_or("no build")?;
    if let Some(out) = flag(args, "-o") {
        let tmp = format!("{out}.tmp");
        std::fs::write(&tmp, &built.bytes)
            .and_then(|_| std::fs::rename(&tmp, &out))
            .map_err(|e| format!("{out}: {e}"))?;
    }
    println!(
        "{}",
        serde_json::json!({
            "records": built.info.record_count,
            "by_status": built.by_status,
            "bytes": built.bytes.len(),
            "build_ms": times,
        })
    );
    Ok(())
}

#[cfg(not(feature = "builder"))]
fn build(_: &[String]) -> Result<(), String> {
    Err("build needs the `builder` feature".to_owned())
}

fn read_workloads(path: &str) -> Result<Vec<Workload>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
    let list = v
        .as_array()
        .ok_or_else(|| format!("{path}: not a JSON array"))?;
    Ok(list
        .iter()
        .map(|w| {
            let queries: Vec<String> = w["items"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|i| i["qs"].as_str().map(str::to_owned))
                .collect();
            let stride = w["stride"].as_u64().unwrap_or(1).max(1) as usize;
            let timed = queries.iter().step_by(stride).cloned().collect();
            Workload {
                name: w["name"].as_str().unwrap_or_default().to_owned(),
                queries,
                timed,
            }
        })
        .collect())
}

/// Reads the index, then times `Engine::load` and the first answer; memory is the resident set's growth
/// from before the file was read (the bytes belong to the engine once loaded).
fn load(path: &str, clock: &SystemClock) -> Result<(Engine, serde_json::Value), String> {
    let rss0 = rss();
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    let size = bytes.len();
    let t = Instant::now();
    let mut engine = Engine::load(bytes).map_err(|e| format!("{path}: {e}"))?;
    let first = engine.list(FIRST, clock);
    let load_ms = t.elapsed().as_secs_f64() * 1000.0;
    if first.status != 200 {
        return Err(format!("first request answered {}", first.status));
    }
    let figures = serde_json::json!({
        "load_ms": load_ms,
        "rss_bytes": rss().saturating_sub(rss0),
        "index_bytes": size,
        "records": engine.info().record_count,
    });
    Ok((engine, figures))
}

/// One timed pass over a workload's timed requests: milliseconds per request.
fn pass(engine: &mut Engine, w: &Workload, clock: &SystemClock) -> Vec<f64> {
    let mut lat = Vec::with_capacity(w.timed.len());
    for q in &w.timed {
        let t = Instant::now();
        let r = engine.list(q, clock);
        lat.push(t.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(r);
    }
    lat
}

/// Page-1 ids (short form) of each request, and how many answered with errors.
fn ids(engine: &mut Engine, queries: &[String], clock: &SystemClock) -> (Vec<Vec<String>>, usize) {
    let mut errors = 0;
    let out = queries
        .iter()
        .map(|q| {
            let body: serde_json::Value = serde_json::from_str(&engine.list(q, clock).body)
                .unwrap_or(serde_json::Value::Null);
            if body.get("errors").is_some() || body.is_null() {
                errors += 1;
            }
            body["items"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|i| i["id"].as_str())
                .map(|id| id.rsplit('/').next().unwrap_or(id).to_owned())
                .collect()
        })
        .collect();
    (out, errors)
}

fn serve(args: &[String]) -> Result<(), String> {
    let (index, workloads) = match args {
        [i, w, ..] => (i, w),
        _ => return Err("serve INDEX WORKLOADS".to_owned()),
    };
    let workloads = read_workloads(workloads)?;
    let clock = SystemClock(Instant::now());
    let (mut engine, mut figures) = load(index, &clock)?;
    figures["ready"] = true.into();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    writeln!(out, "{figures}").map_err(|e| e.to_string())?;
    out.flush().map_err(|e| e.to_string())?;
    for line in std::io::stdin().lock().lines() {
        let line = line.map_err(|e| e.to_string())?;
        let (cmd, arg) = line.trim().split_once(' ').unwrap_or((line.trim(), ""));
        let find = |name: &str| workloads.iter().position(|w| w.name == name);
        let reply = match cmd {
            "round" => {
                let mut lat = serde_json::Map::new();
                for name in arg.split(',').filter(|s| !s.is_empty()) {
                    let Some(i) = find(name) else {
                        return Err(format!("no workload {name}"));
                    };
                    lat.insert(
                        name.to_owned(),
                        pass(&mut engine, &workloads[i], &clock).into(),
                    );
                }
                serde_json::json!({ "lat": lat })
            }
            "ids" => {
                let (name, all) = arg
                    .split_once(' ')
                    .map_or((arg, false), |(n, a)| (n, a == "all"));
                let Some(i) = find(name) else {
                    return Err(format!("no workload {name}"));
                };
                let w = &workloads[i];
                let (ids, errors) =
                    ids(&mut engine, if all { &w.queries } else { &w.timed }, &clock);
                serde_json::json!({ "ids": ids, "errors": errors })
            }
            "quit" | "exit" => break,
            _ => serde_json::json!({ "error": format!("unknown command {cmd}") }),
        };
        writeln!(out, "{reply}").map_err(|e| e.to_string())?;
        out.flush().map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    // Nearest rank, as the harness computes it.
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted[rank.min(sorted.len()) - 1]
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    match xs.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => xs[n / 2],
        n => (xs[n / 2 - 1] + xs[n / 2]) / 2.0,
    }
}

/// Standalone: load, one warm-up pass, `--rounds` timed passes (p50/p95/p99 of each, then their medians).
fn run(args: &[String]) -> Result<(), String> {
    let (index, wpath) = match args {
        [i, w, ..] => (i, w),
        _ => return Err("run INDEX WORKLOADS [--rounds N]".to_owned()),
    };
    let rounds: usize = flag(args, "--rounds")
        .map_or(Ok(5), |n| n.parse())
        .map_err(|e| format!("--rounds: {e}"))?;
    let workloads = read_workloads(wpath)?;
    let clock = SystemClock(Instant::now());
    let (mut engine, load_figures) = load(index, &clock)?;
    for w in &workloads {
        pass(&mut engine, w, &clock);
    }
    let mut per: Vec<[Vec<f64>; 3]> = workloads.iter().map(|_| Default::default()).collect();
    for _ in 0..rounds.max(1) {
        for (i, w) in workloads.iter().enumerate() {
            let mut lat = pass(&mut engine, w, &clock);
            lat.sort_by(f64::total_cmp);
            for (k, p) in [50.0, 95.0, 99.0].into_iter().enumerate() {
                per[i][k].push(percentile(&lat, p));
            }
        }
    }
    let mut latency = serde_json::Map::new();
    for (w, [p50, p95, p99]) in workloads.iter().zip(per) {
        latency.insert(
            w.name.clone(),
            serde_json::json!({
                "n": w.timed.len(),
                "p50_ms": median(p50), "p95_ms": median(p95), "p99_ms": median(p99),
            }),
        );
    }
    println!(
        "{}",
        serde_json::json!({ "engine": "ror-wasm native", "rounds": rounds, "load": load_figures, "latency": latency })
    );
    Ok(())
}
