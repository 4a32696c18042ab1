//! `hjx`: the command-line tool for `.hjx` files and HJX apps.
//!
//! - `hjx check [PATHS]`: every syntax and name error of `.hjx` files, as
//!   `file:line:col: message` with the line, a caret and help, without building.
//! - `hjx fmt [--check] [PATHS]`: formats `.hjx` files into one canonical layout.
//! - `hjx new NAME`: a new app that builds and passes its test at once.
//! - `hjx dev`: builds, runs and watches the app; open pages reload with their state.
//! - `hjx run FILE.hjx`: serves one `.hjx` file, with no Rust written.
//!
//! Errors are one clear line and a non-zero exit.

use std::process::ExitCode;

mod check;
mod dev;
mod files;
mod fmt;
mod new;
mod run;

const USAGE: &str = "\
hjx: the command-line tool for .hjx files and HJX apps

Usage:
  hjx check [PATHS...]         report every syntax and name error, without building
  hjx fmt [--check] [PATHS...] format .hjx files (--check: only list the files that differ)
  hjx new NAME [--path DIR]    start an app in the folder NAME (DIR: a checkout of HJX to
                               depend on by path, instead of git)
  hjx dev [--dev-port N]       build, run and watch the app here: rebuilt and restarted on
                               every change, open pages reload with their state
  hjx run FILE.hjx [--port N] [--path DIR]
                               serve one .hjx file, with no Rust written (and reload it)

PATHS are .hjx files or folders searched for them (default: the current folder).
Run `hjx COMMAND --help` for a command's help.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = match args.split_first() {
        Some((command, rest)) => (command.as_str(), rest),
        None => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let wants_help = rest.iter().any(|arg| arg == "--help" || arg == "-h");
    let outcome = match command {
        "--help" | "-h" | "help" => {
            println!("{USAGE}");
            Ok(true)
        }
        "check" if wants_help => help(check::HELP),
        "fmt" if wants_help => help(fmt::HELP),
        "new" if wants_help => help(new::HELP),
        "run" if wants_help => help(run::HELP),
        "dev" if wants_help => help(dev::HELP),
        "check" => check::run(rest),
        "fmt" => fmt::run(rest),
        "new" => new::run(rest),
        "run" => run::run(rest),
        "dev" => dev::run(rest),
        other => Err(format!(
            "unknown command `{other}`; the commands are check, dev, fmt, new and run (see `hjx --help`)"
        )),
    };
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

fn help(text: &str) -> Result<bool, String> {
    println!("{text}");
    Ok(true)
}
