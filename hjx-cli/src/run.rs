//! `hjx run FILE.hjx`: serves one `.hjx` file with no Rust written by the user. A small project
//! that includes the file is made in the system's temporary folder (kept there, so the next run
//! builds only what changed), built, and run.

use std::path::{Path, PathBuf};

use crate::files;

pub(crate) const HELP: &str = "\
hjx run FILE.hjx [--port N] [--path DIR]

Serves the component of FILE.hjx (and the components it imports) at / on 127.0.0.1:N (3000 by
default; 0 picks a free port), printing its URL. A project that includes the file is made in
the system's temporary folder, built with cargo and run; the runtime comes from git, or, with
--path DIR, from a checkout of HJX at DIR. The component's mount hook, if any, takes `&Mount`
(no app state).

As `hjx dev` does, it watches the .hjx files of FILE's folder: on a change it rebuilds and
restarts the server, and open pages reload with their state; a build error shows over the
pages until the next good build. Stop it with Ctrl-C.";

/// Runs the command: builds the project, then serves until the app exits.
pub(crate) fn run(args: &[String]) -> Result<bool, String> {
    let mut file = None;
    let mut port = "3000".to_owned();
    let mut checkout = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => {
                port = args.next().ok_or("--port needs a number")?.clone();
                port.parse::<u16>()
                    .map_err(|_| format!("`{port}` is not a port number"))?;
            }
            "--path" => {
                checkout = Some(PathBuf::from(
                    args.next()
                        .ok_or("--path needs a folder: a checkout of HJX")?,
                ));
            }
            flag if flag.starts_with('-') => {
                return Err(format!("unknown option `{flag}` (see `hjx run --help`)"));
            }
            given if file.is_none() => file = Some(PathBuf::from(given)),
            extra => {
                return Err(format!(
                    "unexpected argument `{extra}` (see `hjx run --help`)"
                ));
            }
        }
    }
    let file = file.ok_or("give the .hjx file to serve: `hjx run App.hjx`")?;
    let file = file
        .canonicalize()
        .map_err(|error| format!("cannot read {}: {error}", file.display()))?;
    let report = crate::check::check_file(&file)?;
    if !report.is_empty() {
        for line in report {
            eprint!("{line}");
        }
        return Err(format!("{} has errors", file.display()));
    }
    let (component, _) = hjx_syntax::parse(&files::read(&file)?);
    let name = component
        .name
        .map(|name| name.text)
        .ok_or_else(|| format!("{} names no component", file.display()))?;
    let dependency = crate::new::runtime_dependency(checkout.as_deref())?;
    let project = project_dir(&file);
    write_project(&project, &file, &name, &dependency)?;
    eprintln!("serving {name} from {}", file.display());
    let watch = vec![
        file.parent()
            .map_or_else(|| file.clone(), Path::to_path_buf),
        project.join("src"),
    ];
    crate::dev::develop(&crate::dev::Project {
        dir: project.clone(),
        watch,
        target: Vec::new(),
        // Its own target folder unless one is set, so that the next run builds only what
        // changed.
        target_dir: std::env::var_os("CARGO_TARGET_DIR")
            .is_none()
            .then(|| project.join("target")),
        port: Some(port),
        dev_port: 0,
    })
}

/// The project's folder for `file`: one per file, kept between runs.
fn project_dir(file: &Path) -> PathBuf {
    let hash = hjx_syntax::fnv1a64(file.display().to_string().as_bytes());
    std::env::temp_dir()
        .join("hjx-run")
        .join(format!("{hash:016x}"))
}

fn write_project(dir: &Path, file: &Path, name: &str, dependency: &str) -> Result<(), String> {
    let manifest = format!(
        "[package]\nname = \"hjx-run-app\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nhjx-runtime = {{ {dependency} }}\n\
         tokio = {{ version = \"1\", features = [\"rt-multi-thread\", \"macros\", \"net\", \"signal\"] }}\n\n\
         [workspace]\n"
    );
    let main = format!(
        "//! Serves {file}, made by `hjx run`.\n\n\
         hjx_runtime::include_hjx!({file:?});\n\n\
         #[tokio::main]\n\
         async fn main() -> std::io::Result<()> {{\n\
         \x20   let port: u16 = std::env::var(\"PORT\").ok().and_then(|port| port.parse().ok()).unwrap_or(3000);\n\
         \x20   let listener = tokio::net::TcpListener::bind((\"127.0.0.1\", port)).await?;\n\
         \x20   println!(\"http://{{}}/\", listener.local_addr()?);\n\
         \x20   let live = hjx_runtime::Live::new().mount::<{name}>(\"/\");\n\
         \x20   let stop = async {{\n\
         \x20       let _ = tokio::signal::ctrl_c().await;\n\
         \x20   }};\n\
         \x20   hjx_runtime::serve(listener, live, stop).await\n\
         }}\n",
        file = file.display().to_string()
    );
    crate::new::write(&dir.join("Cargo.toml"), &manifest)?;
    crate::new::write(&dir.join("src/main.rs"), &main)
}
