//! `cchc-gen watch`: a change to the data file or a layout rebuilds the PDF;
//! a broken edit reports the problem and keeps the last good PDF.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use crate::common::repo;

/// A running `cchc-gen watch`, killed when dropped.
struct Watching {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Watching {
    /// `cchc-gen watch` with `args` (the data file, options), in `dir`.
    fn start(dir: &Path, args: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cchc-gen"))
            .arg("watch")
            .args(args)
            .current_dir(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cchc-gen runs");
        let (tx, lines) = mpsc::channel();
        let pipes: [Box<dyn Read + Send>; 2] = [
            Box::new(child.stdout.take().unwrap()),
            Box::new(child.stderr.take().unwrap()),
        ];
        for pipe in pipes {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
        }
        Watching {
            child,
            lines,
            seen: vec![],
        }
    }

    /// Waits for the next line containing `needle`.
    fn wait_for(&mut self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    let found = line.contains(needle);
                    self.seen.push(line);
                    if found {
                        return;
                    }
                }
                Err(_) => break,
            }
        }
        panic!(
            "no line with `{needle}`; output so far:\n{}",
            self.seen.join("\n")
        );
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Writes the built-in `tuyen-truyen` layout to `layout` with one sentence
/// more in its opening, so that the PDF must change.
fn write_changed_layout(layout: &Path) {
    let text = std::fs::read_to_string(repo("layouts/tuyen-truyen.typ.j2")).unwrap();
    let opening = "{% block opening %}{{ super() }}\nMột câu mẫu riêng thêm vào.\n{% endblock %}\n";
    std::fs::write(layout, text + opening).unwrap();
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn rebuilds_on_change_and_keeps_the_last_good_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("phuong.yaml");
    let pdf = dir.path().join("phuong.pdf");
    let layout = dir.path().join("layouts/tuyen-truyen.typ.j2");
    std::fs::copy(crate::common::data("cam-thanh-2025.yaml"), &data).unwrap();
    std::fs::create_dir(dir.path().join("layouts")).unwrap();
    std::fs::copy(repo("layouts/tuyen-truyen.typ.j2"), &layout).unwrap();

    let mut w = Watching::start(dir.path(), &["phuong.yaml"]);
    w.wait_for("đã cập nhật");
    let first = std::fs::read(&pdf).unwrap();

    edit(&data, "\nso: 167\n", "\nso: 168\n");
    w.wait_for("đã cập nhật");
    let second = std::fs::read(&pdf).unwrap();
    assert!(second != first, "the PDF did not change");

    edit(&data, "\nso: 168\n", "\nso: 0\n");
    w.wait_for("số văn bản phải từ 1 trở lên");
    w.wait_for("chưa cập nhật");
    assert!(
        std::fs::read(&pdf).unwrap() == second,
        "a broken edit replaced the PDF"
    );

    edit(&data, "\nso: 0\n", "\nso: 169\n");
    w.wait_for("đã cập nhật");
    let third = std::fs::read(&pdf).unwrap();

    // A layout beside the data file counts too.
    write_changed_layout(&layout);
    w.wait_for("đã cập nhật");
    assert!(
        std::fs::read(&pdf).unwrap() != third,
        "the layout change did not reach the PDF"
    );
}

#[test]
fn an_image_or_a_layouts_folder_added_while_watching_is_picked_up() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("phuong.yaml");
    let pdf = dir.path().join("phuong.pdf");
    let yaml = std::fs::read_to_string(crate::common::data("cam-thanh-2025.yaml")).unwrap();
    let yaml = yaml.replace(
        "  ho_ten: Đỗ Đức Anh",
        "  ho_ten: Đỗ Đức Anh\n  chu_ky: anh/chu-ky.png",
    );
    std::fs::write(&data, yaml).unwrap();

    let mut w = Watching::start(dir.path(), &["phuong.yaml"]);
    w.wait_for("không có tệp ảnh");
    w.wait_for("chưa cập nhật");
    assert!(!pdf.exists());

    // Its folder is made: still no image, but the folder is now watched.
    std::fs::create_dir(dir.path().join("anh")).unwrap();
    w.wait_for("không có tệp ảnh");
    w.wait_for("chưa cập nhật");

    // The missing image is copied in: the report builds, with the image.
    std::fs::copy(
        repo("tests/fixtures/chu-ky.png"),
        dir.path().join("anh/chu-ky.png"),
    )
    .unwrap();
    w.wait_for("đã cập nhật");
    let with_image = std::fs::read(&pdf).unwrap();

    // A layouts folder made after the start is used, and then watched.
    let layouts = dir.path().join("layouts");
    std::fs::create_dir(&layouts).unwrap();
    w.wait_for("đã cập nhật");
    write_changed_layout(&layouts.join("tuyen-truyen.typ.j2"));
    w.wait_for("đã cập nhật");
    assert!(
        std::fs::read(&pdf).unwrap() != with_image,
        "the new layout did not reach the PDF"
    );
}

#[test]
fn a_layouts_folder_renamed_away_and_back_counts_as_removed_then_made() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("phuong.pdf");
    let layouts = dir.path().join("layouts");
    let aside = dir.path().join("layouts-off");
    std::fs::copy(
        crate::common::data("cam-thanh-2025.yaml"),
        dir.path().join("phuong.yaml"),
    )
    .unwrap();
    std::fs::create_dir(&layouts).unwrap();
    write_changed_layout(&layouts.join("tuyen-truyen.typ.j2"));

    let mut w = Watching::start(dir.path(), &["phuong.yaml"]);
    w.wait_for("đã cập nhật");
    let own = std::fs::read(&pdf).unwrap();

    // Renamed away: built with the built-in layout.
    std::fs::rename(&layouts, &aside).unwrap();
    w.wait_for("đã cập nhật");
    let built_in = std::fs::read(&pdf).unwrap();
    assert!(built_in != own, "the renamed layout is still used");

    // Renamed back: used again, and watched again.
    std::fs::rename(&aside, &layouts).unwrap();
    w.wait_for("đã cập nhật");
    let back = std::fs::read(&pdf).unwrap();
    assert!(back != built_in, "the layout renamed back is not used");
    std::fs::copy(
        repo("layouts/tuyen-truyen.typ.j2"),
        layouts.join("tuyen-truyen.typ.j2"),
    )
    .unwrap();
    w.wait_for("đã cập nhật");
    assert!(
        std::fs::read(&pdf).unwrap() != back,
        "an edit of the layout renamed back was not seen"
    );
}

#[test]
fn a_data_folder_renamed_away_is_said_once_and_its_path_picked_up_again() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("wf");
    let moved = dir.path().join("wf2");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(
        crate::common::data("cam-thanh-2025.yaml"),
        folder.join("phuong.yaml"),
    )
    .unwrap();

    let mut w = Watching::start(dir.path(), &["wf/phuong.yaml"]);
    w.wait_for("đã cập nhật");
    std::fs::rename(&folder, &moved).unwrap();
    w.wait_for("không còn ở đây");

    // The file where it went is not the one watched; a folder at the old
    // path, still without the file, is nothing new to say.
    edit(&moved.join("phuong.yaml"), "\nso: 167\n", "\nso: 168\n");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(moved.join("phuong.yaml"), folder.join("phuong.yaml")).unwrap();
    w.wait_for("đã cập nhật");
    assert!(folder.join("phuong.pdf").exists());

    // Still watched; after this line every earlier one on stderr is seen.
    edit(&folder.join("phuong.yaml"), "\nso: 168\n", "\nso: 0\n");
    w.wait_for("chưa cập nhật");
    let gone = w
        .seen
        .iter()
        .filter(|l| l.contains("không còn ở đây"))
        .count();
    assert_eq!(gone, 1, "{}", w.seen.join("\n"));
    assert!(
        !w.seen.iter().any(|l| l.contains("không tìm thấy")),
        "{}",
        w.seen.join("\n")
    );
}

#[test]
fn a_layouts_folder_given_that_is_removed_is_said_and_watched_again_when_made() {
    let dir = tempfile::tempdir().unwrap();
    let layouts = dir.path().join("mau");
    let layout = layouts.join("tuyen-truyen.typ.j2");
    let pdf = dir.path().join("phuong.pdf");
    std::fs::copy(
        crate::common::data("cam-thanh-2025.yaml"),
        dir.path().join("phuong.yaml"),
    )
    .unwrap();
    std::fs::create_dir(&layouts).unwrap();
    write_changed_layout(&layout);

    let mut w = Watching::start(dir.path(), &["phuong.yaml", "--layouts", "mau"]);
    w.wait_for("đã cập nhật");
    let own = std::fs::read(&pdf).unwrap();

    // Removed: said, and the PDF is kept, not replaced by one with the
    // built-in layout.
    std::fs::remove_dir_all(&layouts).unwrap();
    w.wait_for("thư mục mẫu (--layouts) không còn ở đây");
    w.wait_for("chưa cập nhật");
    assert!(std::fs::read(&pdf).unwrap() == own, "the PDF was replaced");

    // Made again whole, as a checkout does: used, and its layouts watched.
    let fresh = dir.path().join("mau-moi");
    std::fs::create_dir(&fresh).unwrap();
    std::fs::copy(
        repo("layouts/tuyen-truyen.typ.j2"),
        fresh.join("tuyen-truyen.typ.j2"),
    )
    .unwrap();
    std::fs::rename(&fresh, &layouts).unwrap();
    w.wait_for("đã cập nhật");
    assert!(
        std::fs::read(&pdf).unwrap() != own,
        "the layouts made again are not used"
    );
    write_changed_layout(&layout);
    w.wait_for("đã cập nhật");
    assert!(
        std::fs::read(&pdf).unwrap() == own,
        "an edit in the layouts made again was not seen"
    );
}

#[test]
fn folders_renamed_higher_up_are_said_once_and_their_paths_picked_up_again() {
    let dir = tempfile::tempdir().unwrap();
    // Apart, so that no watched folder sees `du-an` or `kho` renamed.
    let project = dir.path().join("du-an");
    let store = dir.path().join("kho");
    let data = project.join("wf/phuong.yaml");
    let pdf = project.join("wf/phuong.pdf");
    let layout = store.join("chung/mau/tuyen-truyen.typ.j2");
    std::fs::create_dir_all(data.parent().unwrap()).unwrap();
    std::fs::create_dir_all(layout.parent().unwrap()).unwrap();
    std::fs::copy(crate::common::data("cam-thanh-2025.yaml"), &data).unwrap();
    std::fs::copy(repo("layouts/tuyen-truyen.typ.j2"), &layout).unwrap();

    let mut w = Watching::start(
        dir.path(),
        &["du-an/wf/phuong.yaml", "--layouts", "kho/chung/mau"],
    );
    w.wait_for("đã cập nhật");

    // The folder above the data's, renamed away and back.
    let aside = dir.path().join("du-an-cu");
    std::fs::rename(&project, &aside).unwrap();
    w.wait_for("tệp dữ liệu không còn ở đây");
    std::fs::rename(&aside, &project).unwrap();
    w.wait_for("đã cập nhật");
    let back = std::fs::read(&pdf).unwrap();
    edit(&data, "\nso: 167\n", "\nso: 168\n");
    w.wait_for("đã cập nhật");
    let edited = std::fs::read(&pdf).unwrap();
    assert!(
        edited != back,
        "an edit after the data's folder came back was not seen"
    );

    // The same two levels above the layouts folder.
    let aside = dir.path().join("kho-cu");
    std::fs::rename(&store, &aside).unwrap();
    w.wait_for("thư mục mẫu (--layouts) không còn ở đây");
    std::fs::rename(&aside, &store).unwrap();
    w.wait_for("đã cập nhật");
    write_changed_layout(&layout);
    w.wait_for("đã cập nhật");
    assert!(
        std::fs::read(&pdf).unwrap() != edited,
        "an edit after the layouts folder came back was not seen"
    );

    // Still watched; after this line every earlier one on stderr is seen.
    edit(&data, "\nso: 168\n", "\nso: 0\n");
    w.wait_for("chưa cập nhật");
    for said in [
        "tệp dữ liệu không còn ở đây",
        "thư mục mẫu (--layouts) không còn ở đây",
    ] {
        let times = w.seen.iter().filter(|l| l.contains(said)).count();
        assert_eq!(times, 1, "{}", w.seen.join("\n"));
    }
}
