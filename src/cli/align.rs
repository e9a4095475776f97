//! `align` and `changed`: two vector sets, one rotation (orthogonal Procrustes), and the words
//! that moved most once the rotation is taken out.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;
use serde_json::json;

use super::{Output, Source, print_json};
use embedding_explorer::linear_algebra::procrustes::{self, Alignment, Preparation};
use embedding_explorer::output;
use embedding_explorer::progress::Silent;
use embedding_explorer::training::Corpus;
use embedding_explorer::words::{self as word_files, Format, LoadOptions, WordVectors};

/// What `align` and `changed` share: the two sets and how they are aligned.
#[derive(Debug, Args)]
pub struct Spaces {
    /// The vectors to rotate (word2vec text or binary, GloVe, the bundled format).
    source: PathBuf,
    /// The vectors whose space the source is rotated into.
    target: PathBuf,
    /// Fit the rotation on these words only (a file of words, or a JSON list); default: every
    /// word both sets hold.
    #[arg(long, value_name = "FILE")]
    anchors: Option<PathBuf>,
    /// Subtract each set's mean of the fitted words first (fit the shape, not the offset).
    #[arg(long)]
    centre: bool,
}

#[derive(Debug, Args)]
pub struct AlignArgs {
    #[command(flatten)]
    spaces: Spaces,
    /// Write every word of SOURCE, rotated into TARGET's space, as word2vec text.
    #[arg(long, value_name = "ALIGNED")]
    out: Option<PathBuf>,
    #[command(flatten)]
    output: Output,
}

#[derive(Debug, Args)]
pub struct ChangedArgs {
    #[command(flatten)]
    spaces: Spaces,
    /// How many words to list.
    #[arg(long, default_value_t = 20)]
    top: usize,
    /// Nearest words shown in each space.
    #[arg(long, default_value_t = 5)]
    neighbours: usize,
    /// Leave out words seen fewer times in either text (needs --corpora): rare words move by
    /// noise alone.
    #[arg(long, value_name = "C", requires = "corpora")]
    min_count: Option<u64>,
    /// The texts SOURCE and TARGET were trained on, to count each word in each.
    #[arg(long, num_args = 2, value_names = ["SOURCE_TEXT", "TARGET_TEXT"])]
    corpora: Vec<PathBuf>,
    #[command(flatten)]
    output: Output,
}

impl Spaces {
    /// Loads both sets (with the global `--limit` and `--format`, which apply to each) and
    /// aligns them.
    fn align(
        &self,
        source: &Source,
        out: Option<&Path>,
    ) -> anyhow::Result<(WordVectors, WordVectors, Alignment, Option<output::Output>)> {
        if source.path.is_some() {
            bail!("--vectors would be ignored here: the two vector sets are SOURCE and TARGET");
        }
        // Checked before the work: never over either set or the anchors.
        let inputs: Vec<&Path> = [Some(self.source.as_path()), Some(self.target.as_path())]
            .into_iter()
            .chain([self.anchors.as_deref()])
            .flatten()
            .collect();
        let out = out
            .map(|path| output::Output::create(path, &inputs))
            .transpose()?;
        let options = LoadOptions {
            limit: source.limit,
            format: source.format.map(Format::from),
            ..LoadOptions::default()
        };
        let load = |path: &Path| -> anyhow::Result<WordVectors> {
            Ok(word_files::load(path, &options)?.vectors)
        };
        let (from, to) = (load(&self.source)?, load(&self.target)?);
        let anchors = self
            .anchors
            .as_deref()
            .map(super::linear_algebra::read_words)
            .transpose()?;
        let preparation = Preparation {
            centre: self.centre,
        };
        let alignment = procrustes::align(&from, &to, anchors.as_deref(), preparation)?;
        Ok((from, to, alignment, out))
    }
}

pub fn align(source: &Source, args: &AlignArgs) -> anyhow::Result<()> {
    let (from, _, alignment, out) = args.spaces.align(source, args.out.as_deref())?;
    if let Some(out) = out {
        let aligned = alignment.aligned(&from)?;
        out.commit_with(|out| aligned.write_word2vec(out))?;
    }
    let fit = &alignment.procrustes;
    if args.output.json {
        return print_json(&json!({
            "shared": alignment.shared.len(),
            "dim": fit.dim,
            "orthogonality_error": fit.orthogonality_error,
            "determinant": fit.determinant,
            "residual_before": alignment.residual_before,
            "residual_after": alignment.residual_after,
            "mean_cosine_before": alignment.mean_cosine_before(),
            "mean_cosine_after": alignment.mean_cosine_after(),
            "out": args.out,
        }));
    }
    let mut stdout = io::stdout().lock();
    writeln!(
        stdout,
        "rotated {} into {} on {} shared words ({} dimensions): a {}, ‖WᵀW − I‖ = {:.1e}",
        args.spaces.source.display(),
        args.spaces.target.display(),
        alignment.shared.len(),
        fit.dim,
        if fit.determinant > 0.0 {
            "rotation"
        } else {
            "rotation with a reflection"
        },
        fit.orthogonality_error
    )?;
    writeln!(
        stdout,
        "residual ‖XW − Y‖ {:.4} → {:.4}; mean cosine of a word with itself {:.4} → {:.4}",
        alignment.residual_before,
        alignment.residual_after,
        alignment.mean_cosine_before(),
        alignment.mean_cosine_after()
    )?;
    if let Some(path) = &args.out {
        writeln!(stdout, "wrote {}", path.display())?;
    }
    Ok(())
}

/// How often each word occurs in a text, as `train` counts it.
fn counts(path: &Path) -> anyhow::Result<HashMap<String, u64>> {
    let corpus = Corpus::read(path, 1, &Silent)
        .with_context(|| format!("cannot count the words of {}", path.display()))?;
    Ok(corpus.words.into_iter().zip(corpus.counts).collect())
}

pub fn changed(source: &Source, args: &ChangedArgs) -> anyhow::Result<()> {
    let (from, to, alignment, _) = args.spaces.align(source, None)?;
    let texts = match &args.corpora[..] {
        [] => None,
        [a, b] => Some((counts(a)?, counts(b)?)),
        _ => bail!("--corpora takes two texts: SOURCE's and TARGET's"),
    };
    let count_of = |texts: &HashMap<String, u64>, word: &str| texts.get(word).copied().unwrap_or(0);
    let min_count = args.min_count.unwrap_or(0);
    // The words' counts in each text, when the texts are given.
    let counted = |word: &str| {
        texts
            .as_ref()
            .map(|(a, b)| (count_of(a, word), count_of(b, word)))
    };
    let moved = alignment.moved_most(&from, &to, args.top, args.neighbours, |i, _| {
        counted(from.word(i)).is_none_or(|(a, b)| a >= min_count && b >= min_count)
    });
    if args.output.json {
        let rows: Vec<serde_json::Value> = moved
            .iter()
            .map(|moved| {
                let counts = counted(&moved.word);
                json!({
                    "word": moved.word,
                    "cosine_after": moved.cosine_after,
                    "cosine_before": moved.cosine_before,
                    "rank_in_source": moved.source + 1,
                    "rank_in_target": moved.target + 1,
                    "count_in_source": counts.map(|(a, _)| a),
                    "count_in_target": counts.map(|(_, b)| b),
                    "neighbours_in_source": moved.then,
                    "neighbours_in_target": moved.now,
                })
            })
            .collect();
        return print_json(&json!({
            "shared": alignment.shared.len(),
            "mean_cosine_after": alignment.mean_cosine_after(),
            "min_count": args.min_count,
            "changed": rows,
        }));
    }
    let mut stdout = io::stdout().lock();
    writeln!(
        stdout,
        "the {} of {} shared words least like themselves after the rotation (mean cosine {:.3}):",
        moved.len(),
        alignment.shared.len(),
        alignment.mean_cosine_after()
    )?;
    for moved in &moved {
        let how_often = match counted(&moved.word) {
            Some((a, b)) => format!(", seen {a} and {b} times"),
            None => format!(", rank {} and {}", moved.source + 1, moved.target + 1),
        };
        writeln!(
            stdout,
            "  {:<16} cosine {:+.3}{how_often}\n      then: {}\n      now:  {}",
            moved.word,
            moved.cosine_after,
            moved.then.join(", "),
            moved.now.join(", "),
        )?;
    }
    Ok(())
}
