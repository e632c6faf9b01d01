use std::io::BufRead;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let t = std::time::Instant::now();
    let mut e = ror_wasm::engine::Engine::load(std::fs::read(&args[1]).unwrap()).unwrap();
    eprintln!("loaded in {:?}", t.elapsed());
    let clock = ror_wasm::engine::FixedClock(1_700_000_000_000);
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap();
        if line.starts_with('#') {
            continue;
        }
        println!(
            "{}",
            ror_wasm::engine::search::oracle_json(&mut e, &line, &clock)
        );
    }
}
