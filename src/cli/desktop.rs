//! What a desktop and a package need from the command line: shell completions, the manual
//! pages, and the one file a launcher hands over (`embedding-explorer FILE`).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, CommandFactory};
use embedding_explorer::app::lessons::Lesson;
use embedding_explorer::lesson::is_lesson_path;
use embedding_explorer::output;

use super::Cli;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManPagesArgs {
    /// The folder to write `embedding-explorer.1` and one page per command into (made if absent).
    #[arg(value_name = "FOLDER")]
    folder: PathBuf,
}

/// Prints the completion script for a shell on standard output, as packages install it
/// (`embedding-explorer completions bash > …/completions/embedding-explorer`).
pub fn completions(args: &CompletionsArgs) -> anyhow::Result<()> {
    let mut command = Cli::command();
    let name = command.get_name().to_owned();
    // clap_complete panics when its writer fails (a closed pipe): it writes to memory, and
    // standard output's errors are returned like every command's.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, name, &mut script);
    std::io::stdout().lock().write_all(&script)?;
    Ok(())
}

/// Writes the manual pages made from the argument definitions, so that `man embedding-explorer`
/// says what `--help` says: one page for the program, one per command.
pub fn man_pages(args: &ManPagesArgs) -> anyhow::Result<()> {
    std::fs::create_dir_all(&args.folder)
        .with_context(|| format!("cannot make the folder {}", args.folder.display()))?;
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    write_pages(&command, &args.folder)
}

fn write_pages(command: &clap::Command, folder: &Path) -> anyhow::Result<()> {
    for subcommand in command.get_subcommands() {
        write_pages(subcommand, folder)?;
    }
    let page = clap_mangen::Man::new(command.clone()).date(env!("CARGO_PKG_VERSION"));
    let path = folder.join(page.get_filename());
    output::write_file(&path, &[], |out| page.render(out))?;
    Ok(())
}

/// Checks, before the window opens, that `path` reads as vectors (its format and header), as a
/// command would find at once; a lesson under another name is named as one.
pub fn check_vectors(path: &Path) -> anyhow::Result<()> {
    let Err(error) = embedding_explorer::words::formats::check(path, None) else {
        return Ok(());
    };
    if Lesson::read(path).is_ok() {
        bail!(
            "{} is a lesson, not a vectors file: open it with --open, or name it .eelesson",
            path.display()
        );
    }
    Err(error.into())
}

/// What `embedding-explorer FILE` opens: a lesson by its extension (`.eelesson`, or the older
/// `.json`), else a vectors file.
#[derive(Debug, PartialEq)]
pub enum Opened {
    Lesson(PathBuf),
    Vectors(PathBuf),
}

/// Sorts the file a launcher handed over, refusing one that is not there before any window
/// opens.
pub fn opened_file(file: PathBuf) -> anyhow::Result<Opened> {
    if !file.exists() {
        bail!("{}: no such file", file.display());
    }
    if file.is_dir() {
        bail!(
            "{} is a folder: give a lesson (.eelesson) or a vectors file",
            file.display()
        );
    }
    Ok(if is_lesson_path(&file) {
        Opened::Lesson(file)
    } else {
        Opened::Vectors(file)
    })
}
