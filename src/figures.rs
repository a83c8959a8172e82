//! The CCHC indicators: raw counts as entered, and every figure derived from
//! them (totals, rates, "x/y"), formatted once, the Vietnamese way.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{At, Text};
use crate::vietnamese as vi;

/// A count entered by the ward.
pub type Count = At<u64>;

/// All indicator groups. Every group is optional.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Figures {
    /// Hồ sơ thủ tục hành chính (TTHC).
    #[serde(default)]
    pub ho_so: Option<Dossiers>,
    /// Dịch vụ công trực tuyến toàn trình và một phần.
    #[serde(default)]
    pub dich_vu_cong: Option<OnlineServices>,
    /// Thanh toán trực tuyến.
    #[serde(default)]
    pub thanh_toan: Option<Payments>,
    /// Phản ánh, kiến nghị (PAKN) về quy định hành chính.
    #[serde(default)]
    pub pakn: Option<Feedback>,
    /// Phí, lệ phí đã thu và đã nộp ngân sách (đồng).
    #[serde(default)]
    pub phi: Option<Fees>,
    /// Kết quả tuyên truyền CCHC.
    #[serde(default)]
    pub tuyen_truyen: Option<Outreach>,
    /// Chỉ tiêu cấp trên giao: tỷ lệ phải trên X% (100: phải đủ 100%), ví dụ `ty_le_truc_tuyen: 60`.
    #[serde(default)]
    pub chi_tieu: Option<Targets>,
}

/// Dossiers of administrative procedures.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dossiers {
    /// Số hồ sơ mới tiếp nhận trong kỳ.
    pub tiep_nhan_moi: Count,
    /// Số hồ sơ từ kỳ trước chuyển qua.
    #[serde(default)]
    pub ky_truoc_chuyen_qua: Option<Count>,
    /// Trong số mới tiếp nhận: số tiếp nhận trực tuyến.
    #[serde(default)]
    pub truc_tuyen: Option<Count>,
    /// Trong số mới tiếp nhận: số tiếp nhận trực tiếp và qua dịch vụ bưu chính.
    #[serde(default)]
    pub truc_tiep: Option<Count>,
    /// Số hồ sơ trực tuyến được tiếp nhận đúng hạn.
    #[serde(default)]
    pub truc_tuyen_tiep_nhan_dung_han: Option<Count>,
    /// Hồ sơ đã giải quyết trước hạn.
    #[serde(default)]
    pub truoc_han: Option<Count>,
    /// Hồ sơ đã giải quyết đúng hạn.
    #[serde(default)]
    pub dung_han: Option<Count>,
    /// Hồ sơ đã giải quyết quá hạn.
    #[serde(default)]
    pub qua_han: Option<Count>,
    /// Hồ sơ đang giải quyết, còn trong hạn.
    #[serde(default)]
    pub dang_giai_quyet_trong_han: Option<Count>,
    /// Hồ sơ đang giải quyết, đã quá hạn.
    #[serde(default)]
    pub dang_giai_quyet_qua_han: Option<Count>,
    /// Hồ sơ tạm dừng, rút hoặc trả lại.
    #[serde(default)]
    pub tam_dung_rut: Option<Count>,
    /// Số hồ sơ được cập nhật, xử lý trên Hệ thống thông tin giải quyết TTHC.
    #[serde(default)]
    pub cap_nhat_he_thong: Option<Count>,
    /// Số hồ sơ được số hóa hồ sơ, kết quả giải quyết.
    #[serde(default)]
    pub so_hoa: Option<Count>,
    /// Số kết quả giải quyết TTHC được cấp bản điện tử.
    #[serde(default)]
    pub ket_qua_dien_tu: Option<Count>,
    /// Chứng thực điện tử: số hồ sơ chứng thực.
    #[serde(default)]
    pub chung_thuc: Option<Count>,
    /// Chứng thực điện tử: số hồ sơ được cấp bản chứng thực điện tử.
    #[serde(default)]
    pub chung_thuc_dien_tu: Option<Count>,
}

/// Online public services (dịch vụ công trực tuyến).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OnlineServices {
    /// DVC trực tuyến một phần: hồ sơ nộp trực tiếp.
    #[serde(default)]
    pub mot_phan_truc_tiep: Option<Count>,
    /// DVC trực tuyến một phần: hồ sơ nộp trực tuyến.
    #[serde(default)]
    pub mot_phan_truc_tuyen: Option<Count>,
    /// Số DVC trực tuyến toàn trình có phát sinh hồ sơ (gồm trực tuyến và không trực tuyến).
    #[serde(default)]
    pub toan_trinh_co_ho_so: Option<Count>,
    /// Số DVC trực tuyến toàn trình có phát sinh hồ sơ trực tuyến.
    #[serde(default)]
    pub toan_trinh_co_ho_so_truc_tuyen: Option<Count>,
    /// DVC trực tuyến toàn trình: hồ sơ nộp trực tiếp.
    #[serde(default)]
    pub toan_trinh_truc_tiep: Option<Count>,
    /// DVC trực tuyến toàn trình: hồ sơ nộp trực tuyến.
    #[serde(default)]
    pub toan_trinh_truc_tuyen: Option<Count>,
}

/// Online payment of fees.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Payments {
    /// Số TTHC có yêu cầu nghĩa vụ tài chính phát sinh trong kỳ.
    #[serde(default)]
    pub tthc_co_phi: Option<Count>,
    /// Số TTHC có yêu cầu nghĩa vụ tài chính được triển khai thanh toán trực tuyến.
    #[serde(default)]
    pub tthc_trien_khai: Option<Count>,
    /// Số TTHC đang triển khai thanh toán trực tuyến có phát sinh hồ sơ.
    #[serde(default)]
    pub tthc_co_ho_so: Option<Count>,
    /// Số TTHC có phát sinh giao dịch thanh toán trực tuyến.
    #[serde(default)]
    pub tthc_co_giao_dich: Option<Count>,
    /// Số hồ sơ đã giải quyết có yêu cầu nghĩa vụ tài chính.
    #[serde(default)]
    pub ho_so_co_phi: Option<Count>,
    /// Số hồ sơ có phát sinh giao dịch thanh toán trực tuyến.
    #[serde(default)]
    pub ho_so_thanh_toan_truc_tuyen: Option<Count>,
    /// Ghi chú sau tỷ lệ hồ sơ thanh toán trực tuyến (lý do chưa đạt ...).
    #[serde(default)]
    pub ghi_chu: Option<Text>,
}

/// Feedback (phản ánh, kiến nghị).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Feedback {
    /// Số PAKN mới tiếp nhận trong kỳ.
    pub tiep_nhan_moi: Count,
    /// Số PAKN từ kỳ trước chuyển qua.
    #[serde(default)]
    pub ky_truoc_chuyen_qua: Option<Count>,
    /// Số PAKN đã xử lý.
    pub da_xu_ly: Count,
    /// Số PAKN đã xử lý và đăng tải công khai.
    #[serde(default)]
    pub cong_khai: Option<Count>,
}

/// Fees collected (đồng).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fees {
    /// Tổng phí, lệ phí đã thu (đồng).
    pub da_thu: Count,
    /// Số đã nộp vào ngân sách nhà nước (đồng).
    #[serde(default)]
    pub nop_ngan_sach: Option<Count>,
    /// Ghi chú sau số đã nộp, ví dụ `phí, lệ phí tháng 7, tháng 8`.
    #[serde(default)]
    pub ghi_chu: Option<Text>,
}

/// Outreach results.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Outreach {
    /// Số tin, bài đăng trên Trang/Cổng thông tin điện tử.
    #[serde(default)]
    pub tin_bai_trang_tin: Option<Count>,
    /// Số tin, bài phát trên đài truyền thanh.
    #[serde(default)]
    pub tin_bai_truyen_thanh: Option<Count>,
    /// Số lượt phát sóng trên đài truyền thanh.
    #[serde(default)]
    pub luot_phat_song: Option<Count>,
    /// Tổng thời lượng phát sóng (phút).
    #[serde(default)]
    pub thoi_luong_phut: Option<Count>,
    /// Số buổi, hội nghị tuyên truyền.
    #[serde(default)]
    pub hoi_nghi: Option<Count>,
    /// Số người tham dự các buổi, hội nghị tuyên truyền.
    #[serde(default)]
    pub nguoi_tham_du: Option<Count>,
    /// Số tờ rơi, tài liệu phát hành.
    #[serde(default)]
    pub to_roi: Option<Count>,
    /// Số băng rôn, khẩu hiệu, pano.
    #[serde(default)]
    pub khau_hieu: Option<Count>,
    /// Số lớp tập huấn.
    #[serde(default)]
    pub lop_tap_huan: Option<Count>,
    /// Số học viên tham gia tập huấn.
    #[serde(default)]
    pub hoc_vien: Option<Count>,
    /// Số lượt hướng dẫn, tuyên truyền trực tiếp tại Bộ phận Một cửa.
    #[serde(default)]
    pub luot_huong_dan: Option<Count>,
    /// Cuộc thi tìm hiểu CCHC.
    #[serde(default)]
    pub cuoc_thi: Option<Contest>,
}

/// A contest and its prizes.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contest {
    /// Tên cuộc thi.
    pub ten: Text,
    /// Số người tham gia.
    pub nguoi_tham_gia: Count,
    /// Số giải nhất.
    #[serde(default)]
    pub giai_nhat: Option<Count>,
    /// Số giải nhì.
    #[serde(default)]
    pub giai_nhi: Option<Count>,
    /// Số giải ba.
    #[serde(default)]
    pub giai_ba: Option<Count>,
    /// Số giải khuyến khích.
    #[serde(default)]
    pub giai_khuyen_khich: Option<Count>,
}

/// Targets set by the city or province: a rate must be above each (">60%"),
/// or complete for 100.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    /// Cấp giao chỉ tiêu, ví dụ `thành phố`, `tỉnh`.
    #[serde(default)]
    pub cap_giao: Option<Text>,
    /// Tỷ lệ hồ sơ trực tuyến phải trên (%).
    #[serde(default)]
    pub ty_le_truc_tuyen: Option<At<f64>>,
    /// Tỷ lệ hồ sơ thanh toán trực tuyến phải trên (%).
    #[serde(default)]
    pub ty_le_thanh_toan_truc_tuyen: Option<At<f64>>,
    /// Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn phải trên (%).
    #[serde(default)]
    pub ty_le_dung_han: Option<At<f64>>,
}

/// Every derived figure, formatted, by group then name:
/// `so_lieu.ho_so.ty_le_truoc_han` = "99,96%". Comparisons with the earlier
/// period are in the group `so_sanh`: `so_lieu.so_sanh.ho_so.tiep_nhan_moi`
/// = "tăng 12,50%".
pub type Derived = BTreeMap<&'static str, BTreeMap<String, Figure>>;

/// One derived figure as the layout sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Figure {
    Text(String),
    Group(BTreeMap<String, String>),
}

/// A value before formatting.
#[derive(Debug, Clone, Copy)]
enum Raw {
    Count(u64),
    Money(u64),
    /// A share of a whole: numerator, denominator.
    Share(u64, u64),
}

/// Named raw values of one group, in the order they are added.
#[derive(Default)]
struct Group(Vec<(String, Raw)>);

impl Group {
    fn count(&mut self, name: &str, v: Option<u64>) -> Option<u64> {
        if let Some(v) = v {
            self.0.push((name.to_owned(), Raw::Count(v)));
        }
        v
    }
    fn money(&mut self, name: &str, v: Option<u64>) {
        if let Some(v) = v {
            self.0.push((name.to_owned(), Raw::Money(v)));
        }
    }
    /// A share, and "x/y" beside it as `<name>_phan_so`.
    fn share(&mut self, name: &str, part: Option<u64>, whole: Option<u64>) {
        if let (Some(p), Some(w)) = (part, whole)
            && w > 0
        {
            self.0.push((name.to_owned(), Raw::Share(p, w)));
        }
    }
    /// Dossiers of a service in person and online: `<x>_truc_tiep`,
    /// `<x>_truc_tuyen`, their total `<x>_tong` and `ty_le_<x>_truc_tuyen`.
    fn in_person_and_online(&mut self, x: &str, in_person: &Option<Count>, online: &Option<Count>) {
        let (a, b) = (v(in_person), v(online));
        let total = self.count(&format!("{x}_tong"), sum(&[a, b]));
        self.count(&format!("{x}_truc_tiep"), a);
        self.count(&format!("{x}_truc_tuyen"), b);
        self.share(&format!("ty_le_{x}_truc_tuyen"), b, total);
    }

    fn get(&self, name: &str) -> Option<Raw> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, r)| *r)
    }
}

fn v(c: &Option<Count>) -> Option<u64> {
    c.as_ref().map(|c| c.value)
}

fn sum(parts: &[Option<u64>]) -> Option<u64> {
    parts
        .iter()
        .any(Option::is_some)
        .then(|| total(parts.iter().flatten().copied()))
}

/// A sum that cannot overflow: absurdly large counts are reported by the
/// checks, not by a crash.
pub fn total(parts: impl IntoIterator<Item = u64>) -> u64 {
    parts.into_iter().fold(0, u64::saturating_add)
}

/// The raw values of every group.
fn raw_groups(f: &Figures) -> Vec<(&'static str, Group)> {
    let mut out = Vec::new();
    if let Some(h) = &f.ho_so {
        let mut g = Group::default();
        let moi = g.count("tiep_nhan_moi", Some(h.tiep_nhan_moi.value));
        let truoc = g.count("ky_truoc_chuyen_qua", v(&h.ky_truoc_chuyen_qua));
        let tong = g.count("tong_tiep_nhan", sum(&[moi, truoc]));
        // One of online / in person may be left out: it is the rest.
        let (tt, tr) = match (v(&h.truc_tuyen), v(&h.truc_tiep)) {
            (Some(a), None) => (Some(a), moi.map(|m| m.saturating_sub(a))),
            (None, Some(b)) => (moi.map(|m| m.saturating_sub(b)), Some(b)),
            other => other,
        };
        g.count("truc_tuyen", tt);
        g.count("truc_tiep", tr);
        g.share("ty_le_truc_tuyen", tt, moi);
        let dung_han_tn = g.count(
            "truc_tuyen_tiep_nhan_dung_han",
            v(&h.truc_tuyen_tiep_nhan_dung_han),
        );
        g.share("ty_le_truc_tuyen_tiep_nhan_dung_han", dung_han_tn, tt);
        let (sm, dh, qh) = (v(&h.truoc_han), v(&h.dung_han), v(&h.qua_han));
        let solved = g.count("da_giai_quyet", sum(&[sm, dh, qh]));
        g.count("truoc_han", sm.or(solved.map(|_| 0)));
        g.count("dung_han", dh.or(solved.map(|_| 0)));
        g.count("qua_han", qh.or(solved.map(|_| 0)));
        g.share("ty_le_truoc_han", sm.or(Some(0)), solved);
        g.share("ty_le_dung_han", dh.or(Some(0)), solved);
        g.share("ty_le_qua_han", qh.or(Some(0)), solved);
        g.share(
            "ty_le_truoc_va_dung_han",
            Some(total([sm.unwrap_or(0), dh.unwrap_or(0)])),
            solved,
        );
        let (ip, io) = (
            v(&h.dang_giai_quyet_trong_han),
            v(&h.dang_giai_quyet_qua_han),
        );
        g.count("dang_giai_quyet", sum(&[ip, io]));
        g.count("dang_giai_quyet_trong_han", ip.or(io.map(|_| 0)));
        g.count("dang_giai_quyet_qua_han", io.or(ip.map(|_| 0)));
        g.count("tam_dung_rut", v(&h.tam_dung_rut));
        let cn = g.count("cap_nhat_he_thong", v(&h.cap_nhat_he_thong));
        g.share("ty_le_cap_nhat_he_thong", cn, tong);
        let sh = g.count("so_hoa", v(&h.so_hoa));
        g.share("ty_le_so_hoa", sh, solved);
        let kq = g.count("ket_qua_dien_tu", v(&h.ket_qua_dien_tu));
        g.share("ty_le_ket_qua_dien_tu", kq, solved);
        let ct = g.count("chung_thuc", v(&h.chung_thuc));
        let ctd = g.count("chung_thuc_dien_tu", v(&h.chung_thuc_dien_tu));
        g.share("ty_le_chung_thuc_dien_tu", ctd, ct);
        out.push(("ho_so", g));
    }
    if let Some(d) = &f.dich_vu_cong {
        let mut g = Group::default();
        g.in_person_and_online("mot_phan", &d.mot_phan_truc_tiep, &d.mot_phan_truc_tuyen);
        let co = g.count("toan_trinh_co_ho_so", v(&d.toan_trinh_co_ho_so));
        let cott = g.count(
            "toan_trinh_co_ho_so_truc_tuyen",
            v(&d.toan_trinh_co_ho_so_truc_tuyen),
        );
        g.share("ty_le_toan_trinh_co_ho_so_truc_tuyen", cott, co);
        g.in_person_and_online(
            "toan_trinh",
            &d.toan_trinh_truc_tiep,
            &d.toan_trinh_truc_tuyen,
        );
        out.push(("dich_vu_cong", g));
    }
    if let Some(p) = &f.thanh_toan {
        let mut g = Group::default();
        let a = g.count("tthc_co_phi", v(&p.tthc_co_phi));
        let b = g.count("tthc_trien_khai", v(&p.tthc_trien_khai));
        g.share("ty_le_tthc_trien_khai", b, a);
        let c = g.count("tthc_co_ho_so", v(&p.tthc_co_ho_so));
        let d = g.count("tthc_co_giao_dich", v(&p.tthc_co_giao_dich));
        g.share("ty_le_tthc_co_giao_dich", d, c);
        let e = g.count("ho_so_co_phi", v(&p.ho_so_co_phi));
        let f2 = g.count(
            "ho_so_thanh_toan_truc_tuyen",
            v(&p.ho_so_thanh_toan_truc_tuyen),
        );
        g.share("ty_le_ho_so_thanh_toan_truc_tuyen", f2, e);
        g.count(
            "ho_so_chua_thanh_toan_truc_tuyen",
            e.zip(f2).map(|(e, f)| e.saturating_sub(f)),
        );
        out.push(("thanh_toan", g));
    }
    if let Some(p) = &f.pakn {
        let mut g = Group::default();
        let moi = g.count("tiep_nhan_moi", Some(p.tiep_nhan_moi.value));
        let truoc = g.count(
            "ky_truoc_chuyen_qua",
            Some(v(&p.ky_truoc_chuyen_qua).unwrap_or(0)),
        );
        let tong = g.count("tong", sum(&[moi, truoc]));
        let xl = g.count("da_xu_ly", Some(p.da_xu_ly.value));
        g.count("dang_xu_ly", tong.zip(xl).map(|(t, x)| t.saturating_sub(x)));
        g.count("cong_khai", v(&p.cong_khai));
        g.share("ty_le_da_xu_ly", xl, tong);
        out.push(("pakn", g));
    }
    if let Some(p) = &f.phi {
        let mut g = Group::default();
        g.money("da_thu", Some(p.da_thu.value));
        g.money("nop_ngan_sach", v(&p.nop_ngan_sach));
        out.push(("phi", g));
    }
    if let Some(t) = &f.tuyen_truyen {
        let mut g = Group::default();
        for (name, c) in [
            ("tin_bai_trang_tin", &t.tin_bai_trang_tin),
            ("tin_bai_truyen_thanh", &t.tin_bai_truyen_thanh),
            ("luot_phat_song", &t.luot_phat_song),
            ("thoi_luong_phut", &t.thoi_luong_phut),
            ("hoi_nghi", &t.hoi_nghi),
            ("nguoi_tham_du", &t.nguoi_tham_du),
            ("to_roi", &t.to_roi),
            ("khau_hieu", &t.khau_hieu),
            ("lop_tap_huan", &t.lop_tap_huan),
            ("hoc_vien", &t.hoc_vien),
            ("luot_huong_dan", &t.luot_huong_dan),
        ] {
            g.count(name, v(c));
        }
        if let Some(c) = &t.cuoc_thi {
            g.count("cuoc_thi_nguoi_tham_gia", Some(c.nguoi_tham_gia.value));
            for (name, n) in [
                ("giai_nhat", &c.giai_nhat),
                ("giai_nhi", &c.giai_nhi),
                ("giai_ba", &c.giai_ba),
                ("giai_khuyen_khich", &c.giai_khuyen_khich),
            ] {
                g.count(name, v(n));
            }
        }
        out.push(("tuyen_truyen", g));
    }
    out
}

fn format(raw: Raw, places: u8) -> String {
    match raw {
        Raw::Count(n) => vi::count(n),
        Raw::Money(n) => vi::money(n),
        Raw::Share(p, w) => vi::percent(p, w, places).unwrap_or_default(),
    }
}

/// Formats every figure; `previous` adds the comparisons.
pub fn derive(current: &Figures, previous: Option<&Figures>, places: u8) -> Derived {
    let mut out = Derived::new();
    let groups = raw_groups(current);
    for (name, g) in &groups {
        let mut m = BTreeMap::new();
        for (k, raw) in &g.0 {
            m.insert(k.clone(), Figure::Text(format(*raw, places)));
            if let Raw::Share(p, w) = raw {
                m.insert(
                    format!("{k}_phan_so"),
                    Figure::Text(format!("{}/{}", vi::integer(*p), vi::integer(*w))),
                );
            }
            if let Raw::Money(n) = raw {
                m.insert(
                    format!("{k}_bang_chu"),
                    Figure::Text(vi::money_in_words(*n)),
                );
            }
        }
        out.insert(name, m);
    }
    texts(current, &groups, &mut out);
    if let Some(prev) = previous {
        let before = raw_groups(prev);
        let mut cmp = BTreeMap::new();
        for (name, g) in &groups {
            let Some((_, pg)) = before.iter().find(|(n, _)| n == name) else {
                continue;
            };
            let mut m = BTreeMap::new();
            for (k, raw) in &g.0 {
                let change = match (raw, pg.get(k)) {
                    (Raw::Count(a) | Raw::Money(a), Some(Raw::Count(b) | Raw::Money(b))) => {
                        vi::change(*a, b, places)
                    }
                    _ => None,
                };
                if let Some(c) = change {
                    m.insert(k.clone(), c);
                }
            }
            cmp.insert((*name).to_owned(), Figure::Group(m));
        }
        out.insert("so_sanh", cmp);
    }
    out
}

/// Text figures and targets.
fn texts(f: &Figures, groups: &[(&'static str, Group)], out: &mut Derived) {
    let mut put = |group: &'static str, key: &str, value: String| {
        out.entry(group)
            .or_default()
            .insert(key.to_owned(), Figure::Text(value));
    };
    if let Some(t) = f.thanh_toan.as_ref().and_then(|t| t.ghi_chu.as_ref()) {
        put("thanh_toan", "ghi_chu", t.value.clone());
    }
    if let Some(t) = f.phi.as_ref().and_then(|t| t.ghi_chu.as_ref()) {
        put("phi", "ghi_chu", t.value.clone());
    }
    if let Some(c) = f.tuyen_truyen.as_ref().and_then(|t| t.cuoc_thi.as_ref()) {
        put("tuyen_truyen", "cuoc_thi", c.ten.value.clone());
        let prizes: Vec<String> = [
            (&c.giai_nhat, "giải nhất"),
            (&c.giai_nhi, "giải nhì"),
            (&c.giai_ba, "giải ba"),
            (&c.giai_khuyen_khich, "giải khuyến khích"),
        ]
        .into_iter()
        .filter_map(|(n, name)| {
            v(n).filter(|n| *n > 0)
                .map(|n| format!("{} {name}", vi::count(n)))
        })
        .collect();
        if !prizes.is_empty() {
            put("tuyen_truyen", "cuoc_thi_giai", prizes.join(", "));
        }
    }
    if let Some(t) = &f.chi_tieu {
        let by = t.cap_giao.as_ref().map_or("cấp trên", |c| c.value.as_str());
        let targets = [
            (
                "truc_tuyen",
                &t.ty_le_truc_tuyen,
                target_share(groups, "ho_so", "ty_le_truc_tuyen"),
            ),
            (
                "thanh_toan_truc_tuyen",
                &t.ty_le_thanh_toan_truc_tuyen,
                target_share(groups, "thanh_toan", "ty_le_ho_so_thanh_toan_truc_tuyen"),
            ),
            (
                "dung_han",
                &t.ty_le_dung_han,
                target_share(groups, "ho_so", "ty_le_truoc_va_dung_han"),
            ),
        ];
        for (key, target, actual) in targets {
            let Some(target) = target else { continue };
            // As written, not rounded to the report's decimals; "trên 100%"
            // could never be met.
            let above = if target.value == 100.0 { "" } else { "trên " };
            put(
                "chi_tieu",
                key,
                format!("chỉ tiêu {by} giao: {above}{}%", vi::decimal(target.value)),
            );
            if let Some((part, whole)) = actual {
                let met = vi::above_target(part, whole, target.value);
                put(
                    "chi_tieu",
                    &format!("{key}_ket_qua"),
                    if met {
                        "đạt chỉ tiêu"
                    } else {
                        "chưa đạt chỉ tiêu"
                    }
                    .to_owned(),
                );
            }
        }
    }
}

/// A derived share (part, whole), for comparing with a target.
fn target_share(groups: &[(&'static str, Group)], group: &str, key: &str) -> Option<(u64, u64)> {
    groups
        .iter()
        .find(|(n, _)| *n == group)
        .and_then(|(_, g)| match g.get(key) {
            Some(Raw::Share(p, w)) => Some((p, w)),
            _ => None,
        })
}

/// Replaces every `{group.name}` in `text` with the derived figure.
/// `Err` names the first placeholder that has no figure.
pub fn fill(text: &str, derived: &Derived) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else {
            return Err(after.to_owned());
        };
        let name = after[..end].trim();
        let parts: Vec<&str> = name.split('.').collect();
        let value = match parts[..] {
            [g, k] => derived.get(g).and_then(|m| m.get(k)).and_then(|f| match f {
                Figure::Text(t) => Some(t.as_str()),
                Figure::Group(_) => None,
            }),
            [g, sub, k] => derived
                .get(g)
                .and_then(|m| m.get(sub))
                .and_then(|f| match f {
                    Figure::Group(m) => m.get(k).map(String::as_str),
                    Figure::Text(_) => None,
                }),
            _ => None,
        };
        out.push_str(value.ok_or_else(|| name.to_owned())?);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Every `group.name` (and `so_sanh.group.name`) a `so_lieu` sentence may
/// use, for messages.
pub fn names(derived: &Derived) -> Vec<String> {
    derived
        .iter()
        .flat_map(|(g, m)| {
            m.iter().flat_map(move |(k, f)| match f {
                Figure::Text(_) => vec![format!("{g}.{k}")],
                Figure::Group(inner) => inner.keys().map(|n| format!("{g}.{k}.{n}")).collect(),
            })
        })
        .collect()
}
