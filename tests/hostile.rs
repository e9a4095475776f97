//! Hostile input, generated: valid vector files, expressions, image files and training texts,
//! mutated (bytes flipped or inserted, files cut short, counts and sizes inflated, lines
//! repeated), must give an answer or a clear error: never a panic, an abort, or memory beyond what the file holds.
//!
//! CI runs proptest's default 256 cases per property; a long local search:
//!
//!     PROPTEST_CASES=20000 cargo test --release --test hostile

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use embedding_explorer::images;
use embedding_explorer::progress::Silent;
use embedding_explorer::training::{self, Corpus, TrainConfig, TrainingError};
use embedding_explorer::words::{
    self, AnalogyMethod, Expression, LoadOptions, WordVectors, WordsError,
};
use proptest::prelude::*;

/// Twenty words of four dimensions, as GloVe text.
fn glove() -> String {
    (0..20)
        .map(|i| {
            let values: Vec<String> = (0..4)
                .map(|d| format!("{:.4}", ((i * 7 + d * 3) % 11) as f32 / 5.0 - 1.0))
                .collect();
            format!("w{i} {}\n", values.join(" "))
        })
        .collect()
}

fn word2vec_text() -> String {
    format!("20 4\n{}", glove())
}

fn word2vec_binary() -> Vec<u8> {
    let mut bytes = b"20 4\n".to_vec();
    for i in 0..20u8 {
        bytes.extend(format!("w{i} ").into_bytes());
        for d in 0..4u8 {
            bytes.extend((f32::from(i * 4 + d) / 10.0 - 4.0).to_le_bytes());
        }
        bytes.push(b'\n');
    }
    bytes
}

/// The app's own format: magic, word count, dimension, vocabulary length, words, f16 values.
fn bundled() -> Vec<u8> {
    let vocab: String = (0..20).map(|i| format!("w{i}\n")).collect();
    let mut bytes = b"EEWORDS1".to_vec();
    for field in [20u32, 4, vocab.len() as u32] {
        bytes.extend(field.to_le_bytes());
    }
    bytes.extend(vocab.into_bytes());
    for v in 0..80u16 {
        bytes.extend(half::f16::from_f32(f32::from(v) / 40.0 - 1.0).to_le_bytes());
    }
    bytes
}

/// Numbers a lying header might hold.
const INFLATED: &[&str] = &[
    "0",
    "4294967295",
    "4294967296",
    "2305843009213693952",
    "18446744073709551615",
    "99999999999999999999999",
    "10000000",
];

#[derive(Debug, Clone)]
enum Mutation {
    /// Overwrite the byte at this fraction of the file.
    Flip {
        at: f64,
        value: u8,
    },
    /// Keep only this fraction of the file.
    Truncate(f64),
    Insert {
        at: f64,
        bytes: Vec<u8>,
    },
    /// Replace the n-th run of digits with an inflated number.
    InflateNumber {
        nth: usize,
        number: usize,
    },
    /// Overwrite a 32-bit little-endian field (the bundled header's counts, say).
    InflateField {
        offset: usize,
        value: u32,
    },
    /// Repeat the n-th line.
    DuplicateLine {
        nth: usize,
    },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0.0..1.0f64, any::<u8>()).prop_map(|(at, value)| Mutation::Flip { at, value }),
        (0.0..1.0f64).prop_map(Mutation::Truncate),
        (0.0..1.0f64, prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        (0..8usize, 0..INFLATED.len())
            .prop_map(|(nth, number)| Mutation::InflateNumber { nth, number }),
        (0..24usize, any::<u32>())
            .prop_map(|(offset, value)| Mutation::InflateField { offset, value }),
        (0..24usize).prop_map(|nth| Mutation::DuplicateLine { nth }),
    ]
}

fn position(bytes: &[u8], at: f64) -> usize {
    ((bytes.len() as f64 * at) as usize).min(bytes.len().saturating_sub(1))
}

fn apply(mut bytes: Vec<u8>, mutation: &Mutation) -> Vec<u8> {
    match mutation {
        Mutation::Flip { at, value } => {
            if !bytes.is_empty() {
                let i = position(&bytes, *at);
                bytes[i] = *value;
            }
        }
        Mutation::Truncate(keep) => bytes.truncate((bytes.len() as f64 * keep) as usize),
        Mutation::Insert {
            at,
            bytes: inserted,
        } => {
            let i = position(&bytes, *at);
            bytes.splice(i..i, inserted.iter().copied());
        }
        Mutation::InflateNumber { nth, number } => {
            let mut runs = Vec::new();
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i].is_ascii_digit() {
                    let start = i;
                    while i < bytes.len() && bytes[i].is_ascii_digit() {
                        i += 1;
                    }
                    runs.push(start..i);
                }
                i += 1;
            }
            if let Some(run) = runs.get(*nth) {
                bytes.splice(run.clone(), INFLATED[*number].bytes());
            }
        }
        Mutation::InflateField { offset, value } => {
            if offset + 4 <= bytes.len() {
                bytes[*offset..offset + 4].copy_from_slice(&value.to_le_bytes());
            }
        }
        Mutation::DuplicateLine { nth } => {
            let lines: Vec<&[u8]> = bytes.split_inclusive(|&b| b == b'\n').collect();
            if let Some(line) = lines.get(*nth) {
                let mut out = Vec::with_capacity(bytes.len() + line.len());
                for (i, l) in lines.iter().enumerate() {
                    out.extend_from_slice(l);
                    if i == *nth {
                        out.extend_from_slice(line);
                    }
                }
                return out;
            }
        }
    }
    bytes
}

fn written(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

proptest! {
    #[test]
    fn mutated_vector_files_load_or_explain_within_their_size(
        which in 0..4usize,
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let (name, original) = match which {
            0 => ("v.txt", glove().into_bytes()),
            1 => ("v.vec", word2vec_text().into_bytes()),
            2 => ("v.bin", word2vec_binary()),
            _ => ("v.f16.bin", bundled()),
        };
        let bytes = mutations.iter().fold(original, apply);
        let (_dir, path) = written(name, &bytes);
        match words::load(&path, &LoadOptions::default()) {
            Ok(loaded) => {
                let v = loaded.vectors;
                // Every value costs the file two bytes at the least (text "0 ", f16).
                prop_assert!(
                    v.len() * v.dim() * 4 <= 2 * bytes.len(),
                    "{} × {} from {} bytes", v.len(), v.dim(), bytes.len()
                );
                if v.len() > 1 {
                    let first = v.word(0).to_owned();
                    v.most_similar(&[first.as_str()], &[], 5, None).unwrap();
                }
            }
            Err(error) => prop_assert!(!error.to_string().is_empty()),
        }
    }

    #[test]
    fn any_expression_parses_or_explains_and_queries_never_panic(
        tokens in prop::collection::vec(
            prop::sample::select(vec![
                "king", "man", "woman", "queen", "+", "-", " ", "  ", "\t", "été", "日本",
                "-été", "+-", "--", "é", "ß", "🙂", "-king", "+woman", "é+", "\u{301}",
            ]),
            0..8,
        ),
        topn in prop_oneof![Just(usize::MAX), 0..20usize],
    ) {
        let text: String = tokens.concat();
        let vectors = WordVectors::from_pairs(
            2,
            [
                ("king", &[1.0f32, 1.0][..]),
                ("queen", &[1.0, 2.0][..]),
                ("man", &[1.0, -1.0][..]),
                ("woman", &[1.0, 0.2][..]),
                ("été", &[-1.0, 0.3][..]),
            ],
        )
        .unwrap();
        match Expression::parse(&text) {
            Ok(expression) => {
                prop_assert!(!expression.positive().is_empty());
                for method in [AnalogyMethod::CosAdd, AnalogyMethod::CosMul] {
                    let _ = vectors.analogy(&expression, method, topn);
                }
            }
            // A bad expression is one of four mistakes, and the message shows where it is.
            Err(WordsError::BadQuery(message)) if text.trim().is_empty() => {
                prop_assert!(message.starts_with("type a word or an expression"), "{}", message);
            }
            Err(WordsError::BadQuery(message)) => {
                let quoted = format!("\"{text}\"");
                prop_assert!(message.contains(&quoted), "{} does not quote {}", message, quoted);
                let doubled = message.starts_with("two operators in a row (a second \"+\")")
                    || message.starts_with("two operators in a row (a second \"-\")");
                prop_assert!(
                    doubled
                        || message.ends_with("ends with an operator; add a word after it")
                        || message.ends_with("needs at least one added word"),
                    "{}",
                    message
                );
            }
            Err(other) => prop_assert!(false, "not a query error: {}", other),
        }
    }

    #[test]
    fn mutated_image_files_decode_or_explain(
        jpeg in any::<bool>(),
        mutations in prop::collection::vec(mutation(), 1..3),
        claimed in prop::option::of((1..60_000u32, 1..60_000u32)),
    ) {
        let mut bytes = if jpeg { small_jpeg() } else { small_png() };
        if let Some((width, height)) = claimed {
            bytes = if jpeg {
                claim_jpeg(bytes, width as u16, height as u16)
            } else {
                claim_png(bytes, width, height)
            };
        }
        let bytes = mutations.iter().fold(bytes, apply);
        let (_dir, path) = written(if jpeg { "x.jpg" } else { "x.png" }, &bytes);
        match images::load_crop(&path) {
            Ok(crop) => prop_assert_eq!(crop.rgb().dimensions(), (224, 224)),
            Err(error) => prop_assert!(error.to_string().contains("x.")),
        }
    }

    #[test]
    fn mutated_texts_train_or_explain(
        gzipped in any::<bool>(),
        mutations in prop::collection::vec(mutation(), 1..4),
        min_count in 1..4u64,
    ) {
        let text = "the cat sat on the mat\r\nthe dog sat on the log\n\u{FEFF}café été 日本\n".repeat(5);
        let mut bytes = text.into_bytes();
        if gzipped {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            std::io::Write::write_all(&mut gz, &bytes).unwrap();
            bytes = gz.finish().unwrap();
        }
        let bytes = mutations.iter().fold(bytes, apply);
        let (_dir, path) = written("corpus.txt", &bytes);
        match Corpus::read(&path, min_count, &Silent) {
            Ok(corpus) => {
                prop_assert!(corpus.words.len() >= 2);
                let config = TrainConfig { dim: 4, epochs: 1, threads: 1, ..TrainConfig::default() };
                let trained = training::train(&corpus, &config, &Silent, &AtomicBool::new(false), &mut |_, _| {});
                // A text cut down to a few lines may leave no pair to train: said, not hidden.
                match trained {
                    Ok(trained) => prop_assert!(trained.vectors.iter().all(|v| v.is_finite())),
                    Err(error) => prop_assert!(
                        matches!(error, TrainingError::NothingTrained { .. }),
                        "{}",
                        error
                    ),
                }
            }
            Err(error) => prop_assert!(error.to_string().contains("corpus.txt"), "{error}"),
        }
    }
}

fn small_png() -> Vec<u8> {
    let image =
        image::RgbImage::from_fn(12, 8, |x, y| image::Rgb([x as u8 * 20, y as u8 * 30, 99]));
    let mut bytes = Vec::new();
    image
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

fn small_jpeg() -> Vec<u8> {
    let mut bytes = Vec::new();
    let pixels: Vec<u8> = (0..16 * 16 * 3).map(|i| (i * 7 % 256) as u8).collect();
    jpeg_encoder::Encoder::new(&mut bytes, 80)
        .encode(&pixels, 16, 16, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    bytes
}

/// The PNG with its header claiming another size, its checksum recomputed so that decoders
/// believe it.
fn claim_png(mut bytes: Vec<u8>, width: u32, height: u32) -> Vec<u8> {
    // Signature (8), IHDR length (4) and type (4), then width and height.
    bytes[16..20].copy_from_slice(&width.to_be_bytes());
    bytes[20..24].copy_from_slice(&height.to_be_bytes());
    let mut crc = flate2::Crc::new();
    crc.update(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.sum().to_be_bytes());
    bytes
}

fn claim_jpeg(mut bytes: Vec<u8>, width: u16, height: u16) -> Vec<u8> {
    if let Some(sof) = bytes.windows(2).position(|w| w == [0xFF, 0xC0]) {
        bytes[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
        bytes[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    }
    bytes
}
