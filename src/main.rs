//! `embedding-explorer`: the explorer's command-line face. With no subcommand it opens the
//! explorer; subcommands answer word queries for scripts, tests and benchmarks.

mod cli;

use std::io::ErrorKind;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`… | head`) is the reader's choice, not a failure: stop quietly, as
        // ripgrep does.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Whether the error, or anything it wraps (JSON output wraps its I/O errors), is a write to a
/// closed pipe.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let kind = cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| {
                cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            });
        kind == Some(ErrorKind::BrokenPipe)
    })
}
