//! Throughput of a directory of 10 000 small files through `batch::run`
//! (reading, parsing, JSON Lines into a Vec), on 1 and 2 threads.

#[path = "common/mod.rs"]
mod common;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jixiao::batch;
use jixiao::output::json::{JsonFormat, JsonWriter};
use std::hint::black_box;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    // One varied fixture per file.
    let total = common::write_dir(dir.path(), 10_000, 1);
    let inputs = batch::collect_inputs(&[dir.path().to_path_buf()], None);
    assert!(inputs.len() == 10_000);
    let options = jixiao::Options::default();
    let stop = AtomicBool::new(false);
    let mut group = c.benchmark_group("dir");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(8));
    group.throughput(Throughput::Bytes(total));
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("rayon pool");
        group.bench_function(format!("batch::run/10000-files/{threads}-threads"), |b| {
            b.iter(|| {
                pool.install(|| {
                    let mut w = JsonWriter::new(Vec::new(), JsonFormat::Lines).expect("writer");
                    batch::run(&inputs, &options, &stop, |report| {
                        w.write_report(&report).expect("write");
                        true
                    });
                    black_box(w.finish().expect("finish").len())
                })
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
