fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bytes = std::fs::read(&args[1]).unwrap();
    let info_len = u32::from_le_bytes(bytes[12..16].try_into().unwrap()) as usize;
    let body: ror_wasm::index::Body = postcard::from_bytes(&bytes[28 + info_len..]).unwrap();
    let p = |n: &str, b: &[u8]| println!("{n:50} {:>10}", b.len());
    p("values.lens", body.values.lens);
    p("values.bytes", body.values.bytes);
    p("terms.lens", body.terms.lens);
    p("terms.bytes", body.terms.bytes);
    p("postings", body.postings);
    p("postings_lens", body.postings_lens);
    p("records", body.records);
    p("record_lens", body.record_lens);
    for (i, pb) in body.paths.iter().enumerate() {
        let name = ror_wasm::index::schema::STATIC_PATHS
            .get(i)
            .map(|d| d.path)
            .unwrap_or("dyn");
        let tot = pb.dict.len() + pb.occ.len() + pb.norms.len() + pb.rec_norms.len();
        if tot > 50000 {
            println!(
                "{name:50} {:>10}  dict {} occ {} norms {} rec_norms {} (n={})",
                tot,
                pb.dict.len(),
                pb.occ.len(),
                pb.norms.len(),
                pb.rec_norms.len(),
                pb.count
            );
        }
    }
}
