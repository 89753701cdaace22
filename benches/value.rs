//! Throughput of the value grammar over a mix of representative cells.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jixiao::value::parse_value;
use std::hint::black_box;

const CELLS: &[&str] = &[
    "≥340户",
    "100%",
    "≥95%",
    "＞＝99％",
    "≥ 99 %",
    "不低于90%",
    "不超过5天",
    "340户以上",
    "5%以内",
    "约100人",
    "100人左右",
    "564元/户",
    "每生3000元",
    "每人每年600元",
    "12个月",
    "6.7万元",
    "3,309,840.00",
    "1，200人",
    "３４０户",
    "6．7",
    "1O0%",
    "3OOO元",
    "二100",
    "=100百分比",
    "一年",
    "两次",
    "十二个月",
    "2018-2019期间",
    "2018年-2019年",
    "2018至2019年",
    "90%-100%",
    "1—3月",
    "≥95%且≤100%",
    "100%（含）",
    "2019年12月底前",
    "2019年6月30日前",
    "2019年底",
    "2023.07-2024.01",
    "每年12月底前",
    "有所提高",
    "显著",
    "达标",
    "合格",
    "/",
    "无",
    "-",
    "全区建档立卡贫困户子女在我省技工院校就读并拥有全日制学籍的学生。",
    "疾病身故险、意外身故、伤残险、意外伤害住院医疗、重大疾病、家庭财产保险",
    "大屏幕、音响会议系统、扶贫热线系统等; 各帮扶单位后台管理系统及扶贫干部APP",
    "群众满意度达到95%以上，有效改善贫困户生产生活条件",
];

fn bench(c: &mut Criterion) {
    let bytes: usize = CELLS.iter().map(|s| s.len()).sum();
    let mut group = c.benchmark_group("value");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("parse_value/mix", |b| {
        b.iter(|| {
            for cell in CELLS {
                black_box(parse_value(black_box(cell)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
