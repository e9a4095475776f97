//! Loading every supported format, and a clear error (never a panic) for every kind of bad file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use embedding_explorer::assets::asset_path;
use embedding_explorer::progress::{Progress, ProgressSink};
use embedding_explorer::words::{
    self, Format, LoadOptions, Location, WordVectors, WordsError, formats::bundled,
};
use flate2::{Compression, write::GzEncoder};

fn bundled_vectors() -> &'static WordVectors {
    static VECTORS: OnceLock<WordVectors> = OnceLock::new();
    VECTORS.get_or_init(|| {
        words::load(&asset_path(bundled::FILE_NAME), &LoadOptions::default())
            .unwrap()
            .vectors
    })
}

/// The first `n` bundled words with their raw vectors.
fn sample(n: usize) -> Vec<(String, Vec<f32>)> {
    let v = bundled_vectors();
    (0..n)
        .map(|i| (v.word(i).to_owned(), v.raw_vector(i)))
        .collect()
}

fn text_lines(rows: &[(String, Vec<f32>)]) -> String {
    rows.iter()
        .map(|(word, values)| {
            let values: Vec<String> = values.iter().map(|x| x.to_string()).collect();
            format!("{word} {}\n", values.join(" "))
        })
        .collect()
}

fn binary(rows: &[(String, Vec<f32>)], declared: usize, dim: usize) -> Vec<u8> {
    let mut out = format!("{declared} {dim}\n").into_bytes();
    for (word, values) in rows {
        out.extend(word.as_bytes());
        out.push(b' ');
        for v in values {
            out.extend(v.to_le_bytes());
        }
        out.push(b'\n');
    }
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

struct Scratch(tempfile::TempDir);

impl Scratch {
    fn new() -> Self {
        Scratch(tempfile::tempdir().unwrap())
    }

    fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

fn load(path: &Path) -> Result<words::Loaded, WordsError> {
    words::load(path, &LoadOptions::default())
}

fn assert_same_vectors(loaded: &WordVectors, rows: &[(String, Vec<f32>)]) {
    assert_eq!(loaded.len(), rows.len());
    for (i, (word, values)) in rows.iter().enumerate() {
        assert_eq!(loaded.word(i), word);
        for (a, b) in loaded.raw_vector(i).iter().zip(values) {
            assert!(
                (a - b).abs() <= 1e-6 * b.abs().max(1e-3),
                "{word}: {a} vs {b}"
            );
        }
    }
}

#[test]
fn every_format_loads_the_same_vectors_plain_and_gzipped() {
    let rows = sample(3000);
    let dir = Scratch::new();
    let glove = text_lines(&rows);
    let word2vec = format!("{} 100\n{glove}", rows.len());
    let bin = binary(&rows, rows.len(), 100);
    let cases = [
        ("glove.txt", glove.as_bytes().to_vec(), Format::Glove),
        (
            "w2v.txt",
            word2vec.as_bytes().to_vec(),
            Format::Word2VecText,
        ),
        (
            "fasttext.vec",
            word2vec.as_bytes().to_vec(),
            Format::Word2VecText,
        ),
        ("w2v.bin", bin.clone(), Format::Word2VecBinary),
    ];
    for (name, bytes, format) in cases {
        for compressed in [false, true] {
            let (name, bytes) = if compressed {
                (format!("{name}.gz"), gzip(&bytes))
            } else {
                (name.to_owned(), bytes.clone())
            };
            let loaded = load(&dir.file(&name, &bytes)).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(loaded.report.format, format, "{name}");
            assert_eq!(loaded.report.gzip, compressed, "{name}");
            assert_same_vectors(&loaded.vectors, &rows);
        }
    }
    // Same answers as the bundled file, whatever the format.
    let from_text = load(&dir.file("again.txt", &glove)).unwrap().vectors;
    let a = from_text
        .most_similar(&["king", "woman"], &["man"], 5, None)
        .unwrap();
    let b = bundled_vectors()
        .most_similar(&["king", "woman"], &["man"], 5, Some(3000))
        .unwrap();
    let words = |v: &[words::Neighbour]| v.iter().map(|n| n.word.clone()).collect::<Vec<_>>();
    assert_eq!(words(&a), words(&b));
}

#[test]
fn limit_reads_only_the_first_vectors_of_each_format() {
    let rows = sample(500);
    let dir = Scratch::new();
    let options = LoadOptions {
        limit: Some(123),
        ..LoadOptions::default()
    };
    for (name, bytes) in [
        ("glove.txt", text_lines(&rows).into_bytes()),
        ("w2v.bin", binary(&rows, rows.len(), 100)),
        (
            "w2v.txt",
            format!("500 100\n{}", text_lines(&rows)).into_bytes(),
        ),
    ] {
        let loaded = words::load(&dir.file(name, bytes), &options).unwrap();
        assert_same_vectors(&loaded.vectors, &rows[..123]);
    }
}

#[test]
fn large_text_files_keep_order_across_parallel_blocks() {
    let rows = sample(50_000);
    let dir = Scratch::new();
    let loaded = load(&dir.file("big.txt", text_lines(&rows))).unwrap();
    assert_same_vectors(&loaded.vectors, &rows);
}

/// The error of loading `bytes`, as text, checked to name the file.
fn error_of(name: &str, bytes: impl AsRef<[u8]>) -> (WordsError, String) {
    let dir = Scratch::new();
    let path = dir.file(name, bytes);
    let error = load(&path)
        .err()
        .unwrap_or_else(|| panic!("{name} should not load"));
    let message = error.to_string();
    assert!(
        message.contains(name),
        "the message names the file: {message}"
    );
    (error, message)
}

fn line_of(error: &WordsError) -> u64 {
    match error {
        WordsError::BadData {
            location: Location::Line(line),
            ..
        } => *line,
        other => panic!("expected an error at a line, got {other:?}"),
    }
}

#[test]
fn text_errors_name_the_line() {
    let good = "a 1 2 3\nb 4 5 6\n";
    let (error, message) = error_of("truncated.txt", format!("{good}c 7 8"));
    assert_eq!(line_of(&error), 3);
    assert!(
        message.contains("expected 3 values after the word, found 2 (is the file truncated?)"),
        "{message}"
    );

    let (error, message) = error_of("wrong_count.txt", format!("{good}c 7 8 9 10\nd 1 2 3\n"));
    assert_eq!(line_of(&error), 3);
    assert!(message.contains("found 4"), "{message}");

    let (error, message) = error_of("not_numbers.txt", format!("{good}c 7 eight 9\n"));
    assert_eq!(line_of(&error), 3);
    assert!(
        message.contains("value 2 (\"eight\") is not a number"),
        "{message}"
    );

    for bad in ["nan", "inf", "-infinity", "1e39"] {
        let (error, message) = error_of("non_finite.txt", format!("{good}c 7 {bad} 9\n"));
        assert_eq!(line_of(&error), 3);
        assert!(
            message.contains("NaN and infinity are not allowed"),
            "{message}"
        );
    }

    let (error, _) = error_of("w2v_wrong_dim.txt", "2 3\na 1 2 3\nb 1 2\n");
    assert_eq!(line_of(&error), 3);
}

#[test]
fn empty_and_garbage_files_are_refused() {
    let (error, _) = error_of("empty.txt", "");
    assert!(matches!(error, WordsError::Empty { .. }));
    let (error, _) = error_of("blank.txt", "\n\n");
    assert!(matches!(error, WordsError::UnknownFormat { .. }));
    let garbage: Vec<u8> = (0..100_000u64)
        .map(|i| (i.wrapping_mul(6_364_136_223_846_793_005) >> 56) as u8)
        .collect();
    let (error, message) = error_of("garbage.bin", &garbage);
    assert!(
        matches!(error, WordsError::UnknownFormat { .. }),
        "{message}"
    );
    let (error, _) = error_of("prose.txt", "Once upon a time there was a vector.\n");
    assert!(matches!(error, WordsError::UnknownFormat { .. }));
    let (error, _) = error_of("garbage.gz", gzip(&garbage));
    assert!(matches!(error, WordsError::UnknownFormat { .. }));
    let mut cut = gzip(text_lines(&sample(200)).as_bytes());
    cut.truncate(cut.len() / 2);
    let (error, message) = error_of("cut.txt.gz", &cut);
    assert!(
        matches!(error, WordsError::Io { .. } | WordsError::BadData { .. }),
        "{message}"
    );
}

#[test]
fn word2vec_headers_that_lie_are_caught() {
    let rows = sample(10);
    // More vectors declared than present.
    let (_, message) = error_of("too_many.bin", binary(&rows, 11, 100));
    assert!(message.contains("declares 11 vectors"), "{message}");
    // Fewer declared than present.
    let (_, message) = error_of("too_few.bin", binary(&rows, 9, 100));
    assert!(
        message.contains("data continues after the 9 vectors"),
        "{message}"
    );
    // Wrong dimension, both ways.
    for dim in [99, 101, 50, 200] {
        let mut lying = binary(&rows, rows.len(), 100);
        let header_end = lying.iter().position(|&b| b == b'\n').unwrap();
        lying.splice(..header_end, format!("10 {dim}").into_bytes());
        let (error, message) = error_of("wrong_dim.bin", lying);
        assert!(
            matches!(error, WordsError::BadData { .. }),
            "{dim}: {message}"
        );
    }
    // Text headers too.
    let text = text_lines(&rows);
    let (_, message) = error_of("short.vec", format!("12 100\n{text}"));
    assert!(message.contains("holds only 10"), "{message}");
    let (_, message) = error_of("long.vec", format!("8 100\n{text}"));
    assert!(message.contains("holds more"), "{message}");
}

#[test]
fn duplicates_keep_the_first_and_bad_utf8_is_dropped_and_counted() {
    let dir = Scratch::new();
    let mut bytes = b"apple 1 0\npear 0 1\napple 5 5\nbad\xffword 1 1\n".to_vec();
    bytes.extend(b"caf\xc3\xa9 2 2\n");
    let loaded = load(&dir.file("dups.txt", &bytes)).unwrap();
    assert_eq!(loaded.report.duplicates, 1);
    assert_eq!(loaded.report.lossy_words, 1);
    let v = &loaded.vectors;
    assert_eq!(v.words(), ["apple", "pear", "badword", "café"]);
    assert_eq!(v.raw_vector(0), vec![1.0, 0.0]);
}

#[test]
fn truncated_bundled_file_is_refused() {
    let whole = std::fs::read(asset_path(bundled::FILE_NAME)).unwrap();
    for keep in [12, 30, 100_000, whole.len() - 1] {
        let (error, message) = error_of("cut.f16.bin", &whole[..keep]);
        assert!(
            matches!(error, WordsError::BadData { .. }),
            "{keep}: {message}"
        );
    }
}

/// Cancels once it has seen `cancel_after` reports.
struct CancelAfter {
    reports: AtomicUsize,
    cancel_after: usize,
    last: std::sync::Mutex<Option<Progress>>,
}

impl ProgressSink for CancelAfter {
    fn report(&self, progress: Progress) {
        self.reports.fetch_add(1, Ordering::Relaxed);
        *self.last.lock().unwrap() = Some(progress);
    }
    fn is_cancelled(&self) -> bool {
        self.reports.load(Ordering::Relaxed) >= self.cancel_after
    }
}

#[test]
fn progress_is_reported_and_loading_can_be_cancelled() {
    let dir = Scratch::new();
    let path = dir.file("big.txt", text_lines(&sample(50_000)));
    let size = std::fs::metadata(&path).unwrap().len();

    let watcher = CancelAfter {
        reports: AtomicUsize::new(0),
        cancel_after: usize::MAX,
        last: Default::default(),
    };
    let options = LoadOptions {
        progress: &watcher,
        ..LoadOptions::default()
    };
    words::load(&path, &options).unwrap();
    assert!(watcher.reports.load(Ordering::Relaxed) >= 2);
    assert_eq!(
        *watcher.last.lock().unwrap(),
        Some(Progress {
            done: size,
            total: size
        })
    );

    let canceller = CancelAfter {
        reports: AtomicUsize::new(0),
        cancel_after: 1,
        last: Default::default(),
    };
    let options = LoadOptions {
        progress: &canceller,
        ..LoadOptions::default()
    };
    assert!(matches!(
        words::load(&path, &options),
        Err(WordsError::Cancelled { .. })
    ));
}

#[test]
fn missing_file_is_an_io_error_naming_it() {
    let error = load(Path::new("/nonexistent/vectors.txt")).unwrap_err();
    assert!(matches!(error, WordsError::Io { .. }));
    assert!(error.to_string().contains("/nonexistent/vectors.txt"));
}

#[test]
fn windows_line_ends_and_a_byte_order_mark_read_as_gensim_reads_them() {
    let rows = sample(300);
    let dir = Scratch::new();
    let crlf = text_lines(&rows).replace('\n', "\r\n");
    let bom = |text: &str| [b"\xef\xbb\xbf".as_slice(), text.as_bytes()].concat();
    let word2vec = format!("300 100\r\n{crlf}");
    for (name, bytes) in [
        ("glove-crlf.txt", crlf.clone().into_bytes()),
        ("w2v-crlf.vec", word2vec.clone().into_bytes()),
        ("glove-bom.txt", bom(&text_lines(&rows))),
        ("w2v-bom-crlf.vec", bom(&word2vec)),
    ] {
        let loaded = load(&dir.file(name, &bytes)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_same_vectors(&loaded.vectors, &rows);
        assert_eq!(
            loaded.vectors.index_of(&rows[0].0),
            Some(0),
            "{name}: no BOM in the word"
        );
    }
}

#[test]
fn a_glove_line_longer_than_64_kib_loads() {
    let dim = 8_000;
    let dir = Scratch::new();
    let line = |word: &str, value: f32| {
        let values: Vec<String> = (0..dim)
            .map(|i| format!("{:.7}", value + i as f32 * 1e-5))
            .collect();
        format!("{word} {}\n", values.join(" "))
    };
    let text = line("wide", 0.25) + &line("wider", -0.5);
    assert!(text.find('\n').unwrap() > 64 << 10);
    let loaded = load(&dir.file("wide.txt", text)).unwrap();
    assert_eq!(loaded.vectors.dim(), dim);
    assert_eq!(loaded.vectors.words(), ["wide", "wider"]);
}

#[test]
fn limit_applies_to_the_bundled_file_too() {
    let options = LoadOptions {
        limit: Some(123),
        ..LoadOptions::default()
    };
    let loaded = words::load(&asset_path(bundled::FILE_NAME), &options).unwrap();
    assert_eq!(loaded.vectors.len(), 123);
    assert_eq!(loaded.vectors.word(122), bundled_vectors().word(122));
}

#[test]
fn sizes_a_header_declares_are_checked_against_the_file_before_allocating() {
    for (name, bytes) in [
        ("huge.txt", b"10000000 10000000\na 1 2 3\n".to_vec()),
        ("overflow.txt", b"1 2305843009213693952\na 1 2 3\n".to_vec()),
        ("huge.txt.gz", gzip(b"10000000 10000000\na 1 2 3\n")),
        ("many.vec.gz", gzip(b"4000000000 3\na 1 2 3\n")),
        ("many.bin", binary(&sample(1), 4_000_000_000, 100)),
    ] {
        let (error, message) = error_of(name, &bytes);
        assert!(
            matches!(error, WordsError::BadData { .. }),
            "{name}: {message}"
        );
        assert!(message.contains("header"), "{name}: {message}");
    }
    let mut lying = std::fs::read(asset_path(bundled::FILE_NAME)).unwrap();
    lying[8..12].copy_from_slice(&4_000_000u32.to_le_bytes());
    let (_, message) = error_of("lying.f16.bin", &lying);
    assert!(message.contains("4000000 words"), "{message}");
    let (_, message) = error_of("nothing.vec", "0 5\n");
    assert!(message.contains("holds no vectors"), "{message}");
}
