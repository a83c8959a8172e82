//! The CCHC indicators: raw counts as entered, and every figure derived from
//! them (totals, rates, "x/y"), formatted once, the Vietnamese way.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{At, Text};

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
    /// Chỉ tiêu cấp trên giao (phần trăm tối thiểu), ví dụ `ty_le_truc_tuyen: 60`.
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

/// Targets set by the city or province, as minimum percentages.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    /// Cấp giao chỉ tiêu, ví dụ `thành phố`, `tỉnh`.
    #[serde(default)]
    pub cap_giao: Option<Text>,
    /// Tỷ lệ hồ sơ trực tuyến tối thiểu (%).
    #[serde(default)]
    pub ty_le_truc_tuyen: Option<At<f64>>,
    /// Tỷ lệ hồ sơ thanh toán trực tuyến tối thiểu (%).
    #[serde(default)]
    pub ty_le_thanh_toan_truc_tuyen: Option<At<f64>>,
    /// Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn tối thiểu (%).
    #[serde(default)]
    pub ty_le_dung_han: Option<At<f64>>,
}
