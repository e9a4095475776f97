//! The real window, under Xvfb (`.ci/run` installs it): what eframe restores before the app
//! exists, and the file the app reopens, must not stop the start. Both once killed every start
//! until the settings were deleted by hand.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// An X server on a display of its own, stopped when dropped.
struct Xvfb {
    server: Child,
    display: String,
}

impl Xvfb {
    fn start() -> Self {
        let number = 100 + std::process::id() % 400;
        let server = Command::new("Xvfb")
            .args([
                &format!(":{number}"),
                "-screen",
                "0",
                "1400x900x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb is installed (apt-get install xvfb; .ci/run does)");
        let socket = format!("/tmp/.X11-unix/X{number}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while !Path::new(&socket).exists() {
            assert!(Instant::now() < deadline, "Xvfb did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        Self {
            server,
            display: format!(":{number}"),
        }
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

#[test]
fn a_saved_zoom_of_zero_and_a_lying_remembered_file_do_not_stop_the_start() {
    let home = tempfile::tempdir().unwrap();
    let lying = home.path().join("lying.txt");
    std::fs::write(&lying, "10000000 10000000\na 1 2 3\n").unwrap();
    let state_dir = home.path().join(".local/share/embeddingexplorer");
    std::fs::create_dir_all(&state_dir).unwrap();
    let state = state_dir.join("app.ron");
    // eframe's saved state: egui's memory with a zoom factor winit cannot take, and the app's
    // settings remembering the lying file.
    std::fs::write(
        &state,
        format!(
            "{{\"egui\": \"(options:(zoom_factor:0.0))\", \"app\": \"(vectors_path: Some(\\\"{}\\\"))\"}}",
            lying.display()
        ),
    )
    .unwrap();

    let xvfb = Xvfb::start();
    let runtime = tempfile::tempdir().unwrap();
    let mut app = Command::new(env!("CARGO_BIN_EXE_embedding-explorer"))
        .env("HOME", home.path())
        .env("DISPLAY", &xvfb.display)
        .env("XDG_RUNTIME_DIR", runtime.path())
        .env_remove("XDG_DATA_HOME")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("EMBEDDING_EXPLORER_VECTORS")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

    // The crash came within half a second of the start. The sign that the start-up code ran:
    // the app refuses the lying file (its error goes to standard error as to the status bar).
    let stderr = app.stderr.take().expect("piped");
    let (lines, seen) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut all = String::new();
        for line in std::io::BufRead::lines(std::io::BufReader::new(stderr)).map_while(Result::ok) {
            let _ = lines.send(line.clone());
            all.push_str(&line);
            all.push('\n');
        }
        all
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    let refused = loop {
        match seen.recv_timeout(Duration::from_millis(200)) {
            Ok(line) if line.starts_with("error:") && line.contains("lying.txt") => break true,
            Ok(_) | Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break false,
        }
        if Instant::now() > deadline || app.try_wait().unwrap().is_some() {
            break false;
        }
    };
    // A window that would close over it closes within frames: give it a second.
    std::thread::sleep(Duration::from_secs(1));
    let exited = app.try_wait().unwrap();
    let _ = app.kill();
    let _ = app.wait();
    let stderr = reader.join().unwrap();
    assert!(refused, "the lying file was not refused: {stderr}");
    assert!(
        exited.is_none(),
        "the window closed by itself ({exited:?}): {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("zoom factor was out of range"), "{stderr}");
    let repaired = std::fs::read_to_string(&state).unwrap();
    assert!(!repaired.contains("zoom_factor:0.0"), "{repaired}");
    assert!(
        repaired.contains("lying.txt"),
        "the app's own settings are kept: {repaired}"
    );
}
