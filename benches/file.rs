//! Throughput of one ~10 MB file end to end: bytes → `parse_bytes` → JSON
//! Lines written into a Vec.

#[path = "common/mod.rs"]
mod common;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jixiao::output::json::{JsonFormat, JsonWriter};
use std::hint::black_box;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let text = common::text_of_size(&common::templates(), 10_000_000, 0);
    let bytes = text.into_bytes();
    let options = jixiao::Options::default();
    let mut group = c.benchmark_group("file");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(8));
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("parse_bytes+jsonl/10MB", |b| {
        b.iter(|| {
            let report = jixiao::parse_bytes("big.txt", black_box(&bytes), &options);
            let mut w = JsonWriter::new(Vec::with_capacity(bytes.len() * 2), JsonFormat::Lines)
                .expect("writer");
            w.write_report(&report).expect("write");
            black_box(w.finish().expect("finish").len())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
