fn main() {
    let args: Vec<String> = std::env::args().collect();
    let t = std::time::Instant::now();
    let bytes = std::fs::read(&args[1]).unwrap();
    let built = ror_wasm::build::build_index(&bytes, &mut |_| {}).unwrap();
    eprintln!("built {} bytes in {:?}", built.bytes.len(), t.elapsed());
    std::fs::write(&args[2], &built.bytes).unwrap();
    let t = std::time::Instant::now();
    let idx = ror_wasm::index::decode(built.bytes).unwrap();
    eprintln!("loaded {} records in {:?}", idx.num_records(), t.elapsed());
}
