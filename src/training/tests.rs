use super::*;
use std::sync::atomic::{AtomicBool, AtomicUsize};
use std::time::Instant;

use crate::progress::Silent;

/// A text with planted structure: two topics whose words never share a sentence.
fn two_topics(sentences: usize) -> String {
    let mut rng = sgns::Lcg::new(42);
    let mut text = String::new();
    for s in 0..sentences {
        let topic = if s % 2 == 0 { "sea" } else { "land" };
        for _ in 0..12 {
            let word = rng.next() % 40;
            text.push_str(&format!("{topic}{word} "));
        }
        text.push('\n');
    }
    text
}

fn corpus(text: &str) -> Corpus {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("topics.txt");
    std::fs::write(&path, text).unwrap();
    Corpus::read(&path, 1, &Silent).unwrap()
}

fn config() -> TrainConfig {
    TrainConfig {
        dim: 16,
        epochs: 5,
        threads: 1,
        seed: 7,
        sample: 0.0,
        min_count: 1,
        ..TrainConfig::default()
    }
}

fn run(corpus: &Corpus, config: &TrainConfig) -> Trained {
    train(
        corpus,
        config,
        &Silent,
        &AtomicBool::new(false),
        &mut |_, _| {},
    )
    .unwrap()
}

#[test]
fn the_loss_falls_and_the_topics_come_apart() {
    let corpus = corpus(&two_topics(2_000));
    let mut statuses = Vec::new();
    let config = TrainConfig {
        epochs: 20,
        ..config()
    };
    let trained = train(
        &corpus,
        &config,
        &Silent,
        &AtomicBool::new(false),
        &mut |status, _| statuses.push(*status),
    )
    .unwrap();
    assert!(trained.complete);
    let last = statuses.last().unwrap();
    assert_eq!(last.words_done, last.words_total);
    assert_eq!(last.epoch, 20);
    let losses = &trained.losses;
    assert!(!losses.is_empty());
    let (first, final_loss) = (losses[0].1, losses[losses.len() - 1].1);
    assert!(final_loss < first * 0.8, "loss {first} → {final_loss}");

    let vectors = trained.word_vectors();
    for topic in ["sea", "land"] {
        let word = format!("{topic}0");
        let neighbours = vectors.most_similar(&[&word], &[], 7, None).unwrap();
        for neighbour in &neighbours {
            assert!(
                neighbour.word.starts_with(topic),
                "{word}'s neighbours {neighbours:?} stay in its topic"
            );
        }
    }
}

#[test]
fn one_thread_and_a_seed_give_the_same_vectors_bit_for_bit() {
    let corpus = corpus(&two_topics(300));
    let a = run(&corpus, &config());
    let b = run(&corpus, &config());
    assert_eq!(a.vectors, b.vectors);
    let other = run(
        &corpus,
        &TrainConfig {
            seed: 8,
            ..config()
        },
    );
    assert_ne!(a.vectors, other.vectors);
    let threaded = run(
        &corpus,
        &TrainConfig {
            threads: 2,
            ..config()
        },
    );
    assert_eq!(threaded.vectors.len(), a.vectors.len());
}

#[test]
fn the_output_reads_back_through_the_loader() {
    let corpus = corpus(&two_topics(200));
    let trained = run(&corpus, &config());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vectors.txt");
    crate::output::write_file(&path, &[], |out| trained.write_word2vec(out)).unwrap();
    let loaded = crate::words::load(&path, &crate::words::LoadOptions::default()).unwrap();
    assert_eq!(loaded.report.format, crate::words::Format::Word2VecText);
    let vectors = loaded.vectors;
    assert_eq!(vectors.words(), trained.words.as_slice());
    assert_eq!(vectors.dim(), 16);
    let direct = trained.word_vectors();
    for index in [0, 5, 15] {
        assert_eq!(vectors.unit_vector(index), direct.unit_vector(index));
    }
}

#[test]
fn absurd_parameters_are_refused_with_a_reason() {
    let corpus = corpus(&two_topics(10));
    for (config, says) in [
        (TrainConfig { dim: 0, ..config() }, "dim"),
        (
            TrainConfig {
                dim: 1 << 30,
                ..config()
            },
            "dim",
        ),
        (
            TrainConfig {
                window: 0,
                ..config()
            },
            "window",
        ),
        (
            TrainConfig {
                epochs: 0,
                ..config()
            },
            "epochs",
        ),
        (
            TrainConfig {
                negative: 0,
                ..config()
            },
            "negative",
        ),
        (
            TrainConfig {
                min_count: 0,
                ..config()
            },
            "min-count",
        ),
        (
            TrainConfig {
                sample: f64::NAN,
                ..config()
            },
            "sample",
        ),
        (
            TrainConfig {
                alpha: -1.0,
                ..config()
            },
            "learning rate",
        ),
        (
            TrainConfig {
                threads: 0,
                ..config()
            },
            "threads",
        ),
    ] {
        let error = train(
            &corpus,
            &config,
            &Silent,
            &AtomicBool::new(false),
            &mut |_, _| {},
        )
        .err()
        .unwrap();
        assert!(error.to_string().contains(says), "{error}");
    }
}

/// A sink whose cancel button was pressed before the run began.
struct Cancelled;

impl ProgressSink for Cancelled {
    fn report(&self, _: Progress) {}
    fn is_cancelled(&self) -> bool {
        true
    }
}

#[test]
fn a_cancelled_run_stops() {
    let corpus = corpus(&two_topics(20_000));
    let config = TrainConfig {
        epochs: 50,
        ..config()
    };
    match train(
        &corpus,
        &config,
        &Cancelled,
        &AtomicBool::new(false),
        &mut |_, _| {},
    ) {
        Err(TrainingError::Cancelled) => {}
        Ok(trained) => assert!(!trained.complete, "stopped before the last epoch"),
        Err(other) => panic!("{other}"),
    }
}

#[test]
fn the_teacher_sees_a_step_and_the_predictions_it_learns() {
    let corpus = corpus(&two_topics(2_000));
    let config = config();
    let step = example(&corpus, &config, 3).unwrap();
    assert!(step.context.contains(&step.centre));
    assert!(step.context.len() <= 2 * config.window + 1);
    assert_eq!(step.negatives.len(), config.negative);

    let index = |word: &str| corpus.index_of(word).unwrap();
    let (sea0, sea1, land0) = (index("sea0"), index("sea1"), index("land0"));
    let mut last = (0.0, 0.0);
    train(
        &corpus,
        &config,
        &Silent,
        &AtomicBool::new(false),
        &mut |_, peek| {
            last = (peek.probability(sea0, sea1), peek.probability(land0, sea1));
            assert_eq!(peek.vectors().len(), corpus.words.len() * config.dim);
        },
    )
    .unwrap();
    let (together, apart) = last;
    // SGNS learns u·v ≈ PMI − log k (Levy & Goldberg 2014): high for words of one topic,
    // very low for words that never meet.
    assert!(
        together > 0.3 && apart < 0.1,
        "σ(u·v): words that share sentences {together}, words that never meet {apart}"
    );
}

#[test]
fn checkpoints_look_at_evenly_spread_points_and_see_related_words_drift_together() {
    let corpus = corpus(&two_topics(20_000));
    let config = config();
    let index = |word: String| corpus.index_of(&word).unwrap();
    let sea0 = index("sea0".into());
    let seas: Vec<u32> = (1..10).map(|i| index(format!("sea{i}"))).collect();
    let lands: Vec<u32> = (0..10).map(|i| index(format!("land{i}"))).collect();
    let looks = std::sync::Mutex::new(Vec::new());
    // sea0's mean cosine to the other sea words, and to the land words.
    let record = |words: u64, peek: &Peek| {
        let mean = |others: &[u32]| {
            others.iter().map(|&o| peek.cosine(sea0, o)).sum::<f32>() / others.len() as f32
        };
        looks
            .lock()
            .unwrap()
            .push((words, (mean(&seas), mean(&lands))));
    };
    let paused = AtomicBool::new(false);
    let controls = Controls {
        checkpoints: Some(Checkpoints {
            count: 50,
            at: &record,
        }),
        ..Controls::new(&paused)
    };
    let total = corpus.trained_words() * config.epochs as u64;
    train_with(&corpus, &config, &Silent, &mut |_, _| {}, &controls).unwrap();
    let looks = looks.into_inner().unwrap();
    // The start, then one look per fiftieth: chunks (10,000 words) are finer than 2 % here.
    assert_eq!(looks.len(), 51, "{looks:?}");
    assert_eq!(looks[0].0, 0);
    assert_eq!(looks[50].0, total);
    for (share, (words, _)) in looks.iter().enumerate().skip(1) {
        let due = total * share as u64 / 50;
        assert!(
            *words >= due && *words < due + 2 * CHUNK_WORDS as u64,
            "look {share} at {words} words, due at {due}"
        );
    }
    let (start, end) = (looks[0].1, looks[50].1);
    assert!(
        start.0.abs() < 0.3 && start.1.abs() < 0.3,
        "random at the start: {start:?}"
    );
    assert!(
        end.0 > start.0 + 0.2 && end.0 > end.1 + 0.2,
        "sea0 to the sea words, then to the land words: {start:?} → {end:?}"
    );
}

#[test]
fn a_paced_run_keeps_its_pace_and_steps_one_chunk_at_a_time_while_paused() {
    let corpus = corpus(&two_topics(2_000));
    let config = TrainConfig {
        epochs: 1,
        ..config()
    };
    let total = corpus.trained_words();
    // Paused from the start: nothing trains until a step is asked for, then one chunk.
    let paused = AtomicBool::new(true);
    let steps = AtomicUsize::new(0);
    let pace = total as f64 / 1.5;
    let controls = Controls {
        steps: Some(&steps),
        words_per_second: Some(pace),
        ..Controls::new(&paused)
    };
    let started = Instant::now();
    let mut seen = Vec::new();
    let trained = train_with(
        &corpus,
        &config,
        &Silent,
        &mut |status, _| {
            seen.push(status.words_done);
            match seen.len() {
                3 => {
                    assert_eq!(status.words_done, 0, "paused: nothing trained");
                    steps.store(1, Ordering::Relaxed);
                }
                6 => {
                    assert!(
                        status.words_done > 0 && status.words_done <= 2 * PACED_CHUNK_WORDS as u64,
                        "one step is one chunk: {}",
                        status.words_done
                    );
                    assert_eq!(steps.load(Ordering::Relaxed), 0, "the step was taken");
                    paused.store(false, Ordering::Relaxed);
                }
                _ => {}
            }
        },
        &controls,
    )
    .unwrap();
    assert!(trained.complete);
    let seconds = started.elapsed().as_secs_f64();
    // 0.5 s paused, then 1.5 s at the pace: well above what this corpus takes at full speed.
    assert!(
        (1.5..4.0).contains(&seconds),
        "{total} words at {pace:.0} words/s took {seconds:.2} s"
    );
}
