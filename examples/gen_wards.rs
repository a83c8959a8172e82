//! Writes N varied ward reports for the benchmark (bench/run.sh):
//!
//!     cargo run --release --example gen_wards -- 500 /tmp/wards
//!
//! Each file is `data/cam-thanh-2025.yaml` with another ward name, number,
//! date and set of figures. The figures are drawn so that every file passes
//! `cchc-gen check` (parts never exceed their whole), and the same N always
//! gives the same files.

use std::fmt::Write as _;
use std::path::PathBuf;

const BASE: &str = include_str!("../data/cam-thanh-2025.yaml");

const FIRST: [&str; 24] = [
    "An", "Bình", "Cẩm", "Đông", "Hòa", "Hưng", "Khánh", "Long", "Minh", "Nghĩa", "Phú", "Phước",
    "Quang", "Sơn", "Tân", "Thạnh", "Thuận", "Tiên", "Trung", "Vĩnh", "Xuân", "Yên", "Đức", "Hải",
];
const SECOND: [&str; 24] = [
    "Phú", "Lợi", "Thịnh", "Hòa", "An", "Mỹ", "Bình", "Tây", "Nam", "Bắc", "Lộc", "Thành", "Hiệp",
    "Định", "Thọ", "Khương", "Điền", "Lâm", "Giang", "Hà", "Quý", "Tường", "Xương", "Châu",
];

/// SplitMix64: a few lines, no dependency, the same numbers on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
    /// `whole` × a percentage drawn from `lo..=hi`.
    fn share(&mut self, whole: u64, lo: u64, hi: u64) -> u64 {
        whole * self.range(lo, hi) / 100
    }
}

fn ward_name(i: usize) -> String {
    let (f, s) = (FIRST.len(), SECOND.len());
    let mut name = format!("{} {}", FIRST[i % f], SECOND[(i / f) % s]);
    if i >= f * s {
        let _ = write!(name, " {}", i / (f * s) + 1);
    }
    name
}

/// The `chi_so:` block: consistent figures for one ward.
fn figures(r: &mut Rng, name: &str) -> String {
    let moi = r.range(1_500, 12_000);
    let truc_tuyen = r.share(moi, 55, 95);
    let ky_truoc = r.range(0, 150);
    let total = moi + ky_truoc;
    let solved = r.share(total, 90, 98);
    let qua_han = r.range(0, solved / 200);
    let dung_han = r.range(0, (solved - qua_han) / 50);
    let pending = r.range(0, total - solved);
    let pending_late = r.range(0, pending / 20);
    let co_ho_so = r.range(10, 60);
    let co_phi = r.range(20, 40);
    let trien_khai = r.range(co_phi * 8 / 10, co_phi);
    let tthc_co_ho_so = r.range(trien_khai * 8 / 10, trien_khai);
    let ho_so_co_phi = r.share(moi, 40, 70);
    let nguoi_tham_gia = r.range(200, 3_000);
    format!(
        "chi_so:
  ho_so:
    tiep_nhan_moi: {moi}
    ky_truoc_chuyen_qua: {ky_truoc}
    truc_tuyen: {truc_tuyen}
    truc_tiep: {truc_tiep}
    truc_tuyen_tiep_nhan_dung_han: {tt_dung_han}
    truoc_han: {truoc_han}
    dung_han: {dung_han}
    qua_han: {qua_han}
    dang_giai_quyet_trong_han: {pending_ok}
    dang_giai_quyet_qua_han: {pending_late}
    cap_nhat_he_thong: {cap_nhat}
  dich_vu_cong:
    mot_phan_truc_tiep: {mp_tiep}
    mot_phan_truc_tuyen: {mp_tuyen}
    toan_trinh_co_ho_so: {co_ho_so}
    toan_trinh_co_ho_so_truc_tuyen: {co_ho_so_tt}
    toan_trinh_truc_tiep: {tt_tiep}
    toan_trinh_truc_tuyen: {tt_tuyen}
  thanh_toan:
    tthc_co_phi: {co_phi}
    tthc_trien_khai: {trien_khai}
    tthc_co_ho_so: {tthc_co_ho_so}
    tthc_co_giao_dich: {co_giao_dich}
    ho_so_co_phi: {ho_so_co_phi}
    ho_so_thanh_toan_truc_tuyen: {ho_so_tt}
    ghi_chu: những hồ sơ có phí 0đ chưa cập nhật trạng thái thanh toán
  tuyen_truyen:
    tin_bai_trang_tin: {tin_bai}
    hoi_nghi: {hoi_nghi}
    to_roi: {to_roi}
    lop_tap_huan: {lop}
    cuoc_thi:
      ten: Cuộc thi trực tuyến tìm hiểu cải cách hành chính phường {name} năm 2025
      nguoi_tham_gia: {nguoi_tham_gia}
      giai_nhat: 1
      giai_nhi: 2
      giai_ba: 3
      giai_khuyen_khich: {kk}
",
        truc_tiep = moi - truc_tuyen,
        tt_dung_han = r.share(truc_tuyen, 97, 100),
        truoc_han = solved - qua_han - dung_han,
        pending_ok = pending - pending_late,
        cap_nhat = r.share(total, 95, 100),
        mp_tiep = r.range(100, 1_500),
        mp_tuyen = r.range(500, 4_000),
        co_ho_so_tt = r.range(co_ho_so * 9 / 10, co_ho_so),
        tt_tiep = r.range(0, 20),
        tt_tuyen = r.range(300, 3_000),
        co_giao_dich = r.range(tthc_co_ho_so * 9 / 10, tthc_co_ho_so),
        ho_so_tt = r.share(ho_so_co_phi, 70, 99),
        tin_bai = r.range(2, 40),
        hoi_nghi = r.range(1, 15),
        to_roi = r.range(100, 3_000),
        lop = r.range(1, 6),
        kk = r.range(0, 15),
    )
}

/// One ward's report: the base report with its name, number, date and figures.
fn ward(i: usize) -> String {
    let mut r = Rng(i as u64);
    let name = ward_name(i);
    let head = BASE
        .split("\nchi_so:\n")
        .next()
        .expect("the base report has figures");
    let mut out = String::with_capacity(BASE.len());
    for line in head.lines() {
        let line = line
            .replace("Cam Thanh", &name)
            .replace("CAM THANH", &name.to_uppercase());
        if line.starts_with("so: ") {
            let _ = writeln!(out, "so: {}", r.range(1, 400));
        } else if line.starts_with("ngay: ") {
            // After every date the report cites, within the year it reports on.
            let _ = writeln!(
                out,
                "ngay: 2025-{:02}-{:02}",
                r.range(10, 12),
                r.range(1, 28)
            );
        } else {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out.push_str(&figures(&mut r, &name));
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(dir)) = (
        args.first().and_then(|n| n.parse::<usize>().ok()),
        args.get(1),
    ) else {
        eprintln!("cách dùng: gen_wards SỐ_TỆP THƯ_MỤC");
        std::process::exit(2);
    };
    let dir = PathBuf::from(dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("lỗi: không tạo được {}: {e}", dir.display());
        std::process::exit(1);
    }
    for i in 0..n {
        let path = dir.join(format!("phuong-{i:04}.yaml"));
        if let Err(e) = std::fs::write(&path, ward(i)) {
            eprintln!("lỗi: không ghi được {}: {e}", path.display());
            std::process::exit(1);
        }
    }
    println!("đã tạo {n} tệp trong {}", dir.display());
}
