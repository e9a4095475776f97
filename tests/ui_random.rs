//! The window under random use (issue 36): seeded runs of random actions — clicks on any
//! enabled widget found through AccessKit, random text (non-ASCII, empty, very long, `NaN`,
//! `-1e308`, …) typed into any text field, drags and scrolls anywhere on the window (the map and
//! the 3-D view among it), key presses, files dropped (a photo, vectors, a broken file, the
//! shipped lessons, a folder) — after each of which the app has not panicked and its UI pass
//! stayed under a bound; at the end every job it started finishes or stops when asked.
//!
//! The seed fixes the actions: `EE_RANDOM_SEEDS=7,8 EE_RANDOM_ACTIONS=5000 cargo test --release
//! --test ui_random` (add `EE_RANDOM_VERBOSE=1` to list them). Where a job's end falls between
//! two actions depends on the machine, so after the first job a rerun may click other widgets; a
//! failure therefore names the seed, the action number and what the action did, which is what
//! reproduces it (`tests/ui_busy.rs` holds the one it found).

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use embedding_explorer::app::{ExplorerApp, StartOptions};
use embedding_explorer::assets::source_tree;
use embedding_explorer::random::SplitMix64;

/// Longest one UI pass may take: a frame at 60 Hz is 16 ms; this bound catches the work that
/// belongs on a job (seconds), with room for a slow shared CI machine.
const MAX_UI_PASS: Duration = Duration::from_millis(1500);
/// How long the jobs may take to end once every Stop and Cancel has been pressed.
const WIND_DOWN: Duration = Duration::from_secs(300);

/// The actions' choices, from the seed (the library's SplitMix64: the same on every machine).
struct Random(SplitMix64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        (self.0.next_u64() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn point(&mut self, size: egui::Vec2) -> egui::Pos2 {
        egui::pos2(
            self.below(size.x as usize) as f32,
            self.below(size.y as usize) as f32,
        )
    }

    /// Text a student, a cat on the keyboard or a hostile user would type.
    fn text(&mut self) -> String {
        const TYPED: &[&str] = &[
            "",
            " ",
            "NaN",
            "-1e308",
            "1e308",
            "inf",
            "-0",
            "0",
            "999999999999",
            "king - man + woman",
            "paris - france + italy",
            "he - she",
            "+ - +",
            "((",
            "queen",
            "cat dog snow",
            "café naïve",
            "東京 大阪",
            "مرحبا",
            "🙂🐳",
            "\u{200b}",
            "a\tb",
            "../../etc/passwd",
            "she he\nwoman man",
            "word:word,,:",
        ];
        match self.below(4) {
            0 => "a".repeat(1 + self.below(5000)),
            1 => (0..1 + self.below(12))
                .map(|_| char::from_u32(0x20 + self.below(0x3000) as u32).unwrap_or('?'))
                .collect(),
            _ => (*self.pick(TYPED)).to_owned(),
        }
    }
}

/// The files dropped on the window: what a user has at hand, good and bad.
fn files_at_hand(dir: &Path) -> Vec<PathBuf> {
    let vectors = dir.join("small.txt");
    std::fs::write(
        &vectors,
        "king 0.5 0.7 0.1\nqueen 0.4 0.8 0.2\nman 0.9 0.1 0.0\nwoman 0.8 0.3 0.1\ncat 0.0 0.2 0.9\n",
    )
    .unwrap();
    let broken = dir.join("broken.txt");
    std::fs::write(&broken, [0u8, 159, 146, 150, 10, 255, 0, 1]).unwrap();
    let broken_lesson = dir.join("broken.eelesson");
    std::fs::write(&broken_lesson, "{\"format\": \"embedding-explorer lesson\"").unwrap();
    let mut files = vec![
        vectors,
        broken,
        broken_lesson,
        dir.to_owned(),
        source_tree().join("assets/photos/cat-chelsea.jpg"),
        dir.join("not there.jpg"),
    ];
    let lessons = source_tree().join("assets/lessons");
    let mut shipped: Vec<PathBuf> = std::fs::read_dir(lessons)
        .unwrap()
        .filter_map(|entry| Some(entry.ok()?.path()))
        .collect();
    shipped.sort();
    files.extend(shipped);
    files
}

/// Roles a click does something on.
const CLICKABLE: &[Role] = &[
    Role::Button,
    Role::CheckBox,
    Role::RadioButton,
    Role::Tab,
    Role::ComboBox,
    Role::Link,
    Role::MenuItem,
    Role::Switch,
    Role::Slider,
    Role::SpinButton,
];
const TYPED_INTO: &[Role] = &[Role::TextInput, Role::MultilineTextInput, Role::SearchInput];

/// The in-window file dialog's ways out of the folder it opened in (the scratch home): left
/// alone, so that a random Save never writes outside the scratch folder, where it could
/// replace any file this machine has.
const LEAVES_THE_SCRATCH_FOLDER: &[&str] = &["Up", "Folder"];

/// Whether `node` is an enabled widget with one of `roles` that keeps the run in its scratch
/// folder.
fn is_one_of(node: &egui_kittest::kittest::AccessKitNode<'_>, roles: &[Role]) -> bool {
    roles.contains(&node.role())
        && !node.is_disabled()
        && !node
            .label()
            .is_some_and(|label| LEAVES_THE_SCRATCH_FOLDER.contains(&label.as_str()))
}

/// The position (in the tree's order) and label of a random enabled node with one of `roles`.
fn random_node(
    harness: &Harness<'_, ExplorerApp>,
    random: &mut Random,
    roles: &[Role],
) -> Option<(usize, String)> {
    let labels: Vec<String> = harness
        .query_all_by(|node| is_one_of(node, roles))
        .map(|node| {
            egui_kittest::kittest::NodeT::accesskit_node(&node)
                .label()
                .unwrap_or_default()
        })
        .collect();
    (!labels.is_empty()).then(|| {
        let at = random.below(labels.len());
        (at, labels[at].clone())
    })
}

/// The node [`random_node`] chose, found again (the tree has not changed in between).
fn nth_node<'a>(
    harness: &'a Harness<'_, ExplorerApp>,
    roles: &'a [Role],
    at: usize,
) -> Option<egui_kittest::Node<'a>> {
    harness.query_all_by(|node| is_one_of(node, roles)).nth(at)
}

/// Does one random action; returns what it did, for the failure message.
fn act(harness: &mut Harness<'_, ExplorerApp>, random: &mut Random, files: &[PathBuf]) -> String {
    let size = egui::vec2(1400.0, 900.0);
    match random.below(100) {
        0..=44 => {
            let Some((at, label)) = random_node(harness, random, CLICKABLE) else {
                return "no widget to click".to_owned();
            };
            if let Some(node) = nth_node(harness, CLICKABLE, at) {
                node.click();
            }
            format!("clicked {label:?}")
        }
        45..=59 => {
            let Some((at, label)) = random_node(harness, random, TYPED_INTO) else {
                return "no field to type in".to_owned();
            };
            let text = random.text();
            if let Some(node) = nth_node(harness, TYPED_INTO, at) {
                node.click();
            }
            harness.step();
            harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
            if let Some(node) = nth_node(harness, TYPED_INTO, at) {
                node.type_text(&text);
            }
            if random.below(2) == 0 {
                harness.key_press(egui::Key::Enter);
            }
            let shown: String = text.chars().take(40).collect();
            format!(
                "typed {shown:?} ({} chars) into {label:?}",
                text.chars().count()
            )
        }
        60..=71 => {
            let (from, to) = (random.point(size), random.point(size));
            let button = *random.pick(&[
                egui::PointerButton::Primary,
                egui::PointerButton::Secondary,
                egui::PointerButton::Middle,
            ]);
            let press = |pos, pressed| egui::Event::PointerButton {
                pos,
                button,
                pressed,
                modifiers: egui::Modifiers::NONE,
            };
            harness.event(egui::Event::PointerMoved(from));
            harness.event(press(from, true));
            harness.step();
            for k in 1..=4 {
                harness.event(egui::Event::PointerMoved(
                    from + (to - from) * (k as f32 / 4.0),
                ));
                harness.step();
            }
            harness.event(press(to, false));
            format!("dragged {button:?} from {from:?} to {to:?}")
        }
        72..=79 => {
            let at = random.point(size);
            let delta = egui::vec2(
                random.below(400) as f32 - 200.0,
                random.below(1200) as f32 - 600.0,
            );
            let modifiers = if random.below(3) == 0 {
                egui::Modifiers::COMMAND
            } else {
                egui::Modifiers::NONE
            };
            harness.event(egui::Event::PointerMoved(at));
            harness.event(egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta,
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Unknown,
                modifiers,
            });
            format!("scrolled {delta:?} at {at:?}")
        }
        80..=91 => {
            let key = *random.pick(&[
                egui::Key::Escape,
                egui::Key::Enter,
                egui::Key::Tab,
                egui::Key::Space,
                egui::Key::Backspace,
                egui::Key::Delete,
                egui::Key::ArrowLeft,
                egui::Key::ArrowRight,
                egui::Key::ArrowUp,
                egui::Key::ArrowDown,
                egui::Key::PageDown,
                egui::Key::Home,
                egui::Key::Z,
                egui::Key::O,
                egui::Key::S,
                egui::Key::Plus,
                egui::Key::Minus,
            ]);
            let modifiers = *random.pick(&[
                egui::Modifiers::NONE,
                egui::Modifiers::NONE,
                egui::Modifiers::COMMAND,
                egui::Modifiers::SHIFT,
            ]);
            harness.key_press_modifiers(modifiers, key);
            format!("pressed {modifiers:?} {key:?}")
        }
        _ => {
            let file = random.pick(files).clone();
            support::drop_files(harness, std::slice::from_ref(&file));
            format!("dropped {}", file.display())
        }
    }
}

/// Presses every Stop and Cancel shown until the jobs end; fails if one is left stuck.
fn wind_down(harness: &mut Harness<'_, ExplorerApp>, seed: u64) {
    let deadline = Instant::now() + WIND_DOWN;
    while !harness.state().is_idle() {
        assert!(
            Instant::now() < deadline,
            "seed {seed}: a job was still running {WIND_DOWN:?} after Stop and Cancel"
        );
        let stop = |node: &egui_kittest::kittest::AccessKitNode<'_>| {
            is_one_of(node, &[Role::Button])
                && node
                    .label()
                    .is_some_and(|label| label.starts_with("Stop") || label.starts_with("Cancel"))
        };
        if let Some(node) = harness.query_all_by(stop).next() {
            node.click();
        }
        harness.step();
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// One seeded run of `actions` random actions on a fresh window.
fn run_seed(seed: u64, actions: usize, files: &[PathBuf]) -> (Duration, String) {
    // Typed text outside the bundled fonts is drawn as boxes ("tofu"), as in the real window;
    // the harness would otherwise panic to flag it.
    let mut harness = support::window().allow_missing_glyphs().build_eframe(|cc| {
        ExplorerApp::new(
            cc,
            StartOptions {
                native_dialogs: false,
                ..support::start(Vec::new())
            },
        )
    });
    let mut random = Random(SplitMix64(seed));
    let mut slowest = (Duration::ZERO, String::new());
    for number in 1..=actions {
        let did = act(&mut harness, &mut random, files);
        if std::env::var_os("EE_RANDOM_VERBOSE").is_some() {
            eprintln!("seed {seed}, action {number}: {did}");
        }
        let start = Instant::now();
        harness.step();
        let took = start.elapsed();
        if took > slowest.0 {
            slowest = (took, format!("action {number}: {did}"));
        }
        assert!(
            took < MAX_UI_PASS,
            "seed {seed}, action {number} ({did}): the UI pass took {took:?}"
        );
    }
    wind_down(&mut harness, seed);
    slowest
}

fn from_env<T: std::str::FromStr>(name: &str) -> Option<T> {
    std::env::var(name).ok()?.parse().ok()
}

#[test]
fn the_window_survives_seeded_random_use() {
    let dir = tempfile::tempdir().unwrap();
    // Whatever a dialog saves goes to a scratch folder, never into the user's home.
    // SAFETY: the only test of this binary sets it before the window or any job starts.
    unsafe { std::env::set_var("HOME", dir.path()) };
    let files = files_at_hand(dir.path());
    let seeds: Vec<u64> = std::env::var("EE_RANDOM_SEEDS")
        .ok()
        .map(|seeds| {
            seeds
                .split(',')
                .filter_map(|s| s.trim().parse().ok())
                .collect()
        })
        .unwrap_or_else(|| vec![1, 2]);
    let actions = from_env("EE_RANDOM_ACTIONS").unwrap_or(1_000);
    for seed in seeds {
        let start = Instant::now();
        let (slowest, after) = run_seed(seed, actions, &files);
        eprintln!(
            "seed {seed}: {actions} actions in {:.1} s, slowest UI pass {slowest:?} (after \
             {after})",
            start.elapsed().as_secs_f64()
        );
    }
}
