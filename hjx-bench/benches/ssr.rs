//! HJX's server-side rendering against compile-time template engines, on the two templates of
//! the rosetta-rs template benchmarks: "big table" (a 100 × 100 table of numbers) and "teams"
//! (a year and four teams). The same data is rendered by the `hjx!` components of
//! `hjx_bench::lists`, by askama (templates derived at compile time) and by maud (`html!`), in
//! one criterion group per template, so the ratios come from one run.
//!
//! HJX's HTML is larger: every dynamic element carries its `data-hid` for live patching, which
//! the template engines do not have to write (`output_bytes` prints the sizes).
//!
//! Run with `cargo bench -p hjx-bench --bench ssr`.

use std::hint::black_box;

use askama::Template;
use criterion::{Criterion, criterion_group, criterion_main};
use hjx_bench::lists::{BigTable, Team, Teams, big_table, teams};
use hjx_runtime::Component;

#[derive(Template)]
#[template(
    ext = "html",
    source = "<table>\n{% for row in table %}\n<tr>\n{% for col in row %}\n<td>{{ col|escape }}</td>\n{% endfor %}\n</tr>\n{% endfor %}\n</table>\n"
)]
struct AskamaBigTable<'a> {
    table: &'a [Vec<usize>],
}

#[derive(Template)]
#[template(
    ext = "html",
    source = "<html><head><title>{{ year }}</title></head><body><h1>CSL {{ year }}</h1><ul>\
              {% for team in teams %}<li class=\"{% if loop.index0 == 0 %}champion{% endif %}\">\
              <b>{{ team.name }}</b>: {{ team.score }}</li>{% endfor %}</ul></body></html>"
)]
struct AskamaTeams<'a> {
    year: u16,
    teams: &'a [Team],
}

fn maud_big_table(table: &[Vec<usize>]) -> String {
    maud::html! {
        table {
            @for row in table {
                tr {
                    @for col in row {
                        td { (col) }
                    }
                }
            }
        }
    }
    .into_string()
}

fn maud_teams(year: u16, teams: &[Team]) -> String {
    maud::html! {
        html {
            head { title { (year) } }
            body {
                h1 { "CSL " (year) }
                ul {
                    @for (index, team) in teams.iter().enumerate() {
                        li.champion[index == 0] {
                            b { (team.name) }
                            ": " (team.score)
                        }
                    }
                }
            }
        }
    }
    .into_string()
}

fn ssr_big_table(c: &mut Criterion) {
    let data = big_table(100);
    let mut hjx = BigTable::default();
    hjx.set_table(data.clone());
    let askama = AskamaBigTable { table: &data };
    print_sizes(
        "big_table",
        &hjx.render_to_string(&()),
        &askama.render().unwrap_or_default(),
        &maud_big_table(&data),
    );
    let mut group = c.benchmark_group("ssr_big_table_100x100");
    group.bench_function("hjx", |b| b.iter(|| black_box(hjx.render_to_string(&()))));
    group.bench_function("askama", |b| b.iter(|| black_box(askama.render())));
    group.bench_function("maud", |b| b.iter(|| black_box(maud_big_table(&data))));
    group.finish();
}

fn ssr_teams(c: &mut Criterion) {
    let data = teams();
    let mut hjx = Teams::default();
    hjx.set_teams(data.clone());
    let askama = AskamaTeams {
        year: 2015,
        teams: &data,
    };
    print_sizes(
        "teams",
        &hjx.render_to_string(&()),
        &askama.render().unwrap_or_default(),
        &maud_teams(2015, &data),
    );
    let mut group = c.benchmark_group("ssr_teams");
    group.bench_function("hjx", |b| b.iter(|| black_box(hjx.render_to_string(&()))));
    group.bench_function("askama", |b| b.iter(|| black_box(askama.render())));
    group.bench_function("maud", |b| b.iter(|| black_box(maud_teams(2015, &data))));
    group.finish();
}

fn print_sizes(template: &str, hjx: &str, askama: &str, maud: &str) {
    println!(
        "output_bytes {template}: hjx {}, askama {}, maud {}",
        hjx.len(),
        askama.len(),
        maud.len()
    );
}

criterion_group!(benches, ssr_big_table, ssr_teams);
criterion_main!(benches);
