//! Throughput of one form (the first of the seed fixture) through `parse_text`.

#[path = "common/mod.rs"]
mod common;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let form = common::first_form();
    let mut group = c.benchmark_group("form");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(3));
    group.throughput(Throughput::Bytes(form.len() as u64));
    group.bench_function("parse_text/seed-first-form", |b| {
        b.iter(|| black_box(jixiao::parse_text("form.txt", black_box(&form), "UTF-8")))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
