//! Test PDFs: a page of text, optionally the report's YAML attached the way
//! our PDF/A-3 files carry it, optionally signed with a key made here.

use std::path::Path;
use std::process::{Command, Output};
use std::str::FromStr;
use std::time::Duration;

use cms::builder::{SignedDataBuilder, SignerInfoBuilder, create_signing_time_attribute};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier};
use der::Encode;
use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, Stream, StringFormat, dictionary};
use sha2::{Digest, Sha256};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned, SubjectPublicKeyInfoRef};
use x509_cert::Certificate;
use x509_cert::builder::profile::BuilderProfile;
use x509_cert::builder::{Builder, CertificateBuilder};
use x509_cert::certificate::TbsCertificate;
use x509_cert::ext::Extension;
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::Validity;

/// Room for the CMS in /Contents (hex digits are twice this).
const CONTENTS_BYTES: usize = 8192;

pub const WARD_YAML: &str = "\
mau: ket-qua-cchc
co_quan:
  chu_quan: UBND TỈNH ĐIỆN BIÊN
  ten: [ỦY BAN NHÂN DÂN, PHƯỜNG MƯỜNG THANH]
  ten_goi: UBND phường Mường Thanh
so: 12
ky_hieu: BC-UBND
dia_danh: Điện Biên Phủ
ngay: 19/11/2025
trich_yeu: Kết quả công tác cải cách hành chính năm 2025
ky_bao_cao: { loai: nam, nam: 2025 }
noi_dung:
  - Năm 2025, phường tiếp nhận hồ sơ thủ tục hành chính trên địa bàn tỉnh Điện Biên.
noi_nhan: [UBND tỉnh Điện Biên]
luu: VT, VP
nguoi_ky: { chuc_vu: CHỦ TỊCH, ho_ten: Lò Văn Thắng }
";

/// A one-page PDF with `text`; with `yaml`, that file attached as the
/// source data (`/AF` + `/EmbeddedFiles`, `/AFRelationship /Source`).
pub fn make_pdf(text: &str, yaml: Option<&str>) -> Vec<u8> {
    let mut doc = pdf_with_page(text);
    if let Some(yaml) = yaml {
        let file = doc.add_object(Stream::new(
            dictionary! { "Type" => "EmbeddedFile", "Subtype" => "application/yaml" },
            yaml.as_bytes().to_vec(),
        ));
        let spec = doc.add_object(dictionary! {
            "Type" => "Filespec",
            "F" => Object::string_literal("bao-cao.yaml"),
            "UF" => Object::string_literal("bao-cao.yaml"),
            "AFRelationship" => "Source",
            "EF" => dictionary! { "F" => file, "UF" => file },
        });
        let catalog = catalog_mut(&mut doc);
        catalog.set("AF", vec![Object::Reference(spec)]);
        catalog.set(
            "Names",
            dictionary! { "EmbeddedFiles" => dictionary! {
                "Names" => vec![Object::string_literal("bao-cao.yaml"), Object::Reference(spec)],
            }},
        );
    }
    save(&mut doc)
}

fn pdf_with_page(text: &str) -> Document {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let content = Content {
        operations: vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 14.into()]),
            Operation::new("Td", vec![72.into(), 720.into()]),
            Operation::new("Tj", vec![Object::string_literal(text)]),
            Operation::new("ET", vec![]),
        ],
    };
    let contents = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => contents,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    doc
}

fn catalog_mut(doc: &mut Document) -> &mut Dictionary {
    doc.catalog_mut().unwrap()
}

fn save(doc: &mut Document) -> Vec<u8> {
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

/// A certificate profile with no extensions: enough for a test signer.
struct Plain {
    issuer: Name,
    subject: Name,
}

impl BuilderProfile for Plain {
    fn get_issuer(&self, _: &Name) -> Name {
        self.issuer.clone()
    }
    fn get_subject(&self) -> Name {
        self.subject.clone()
    }
    fn build_extensions(
        &self,
        _: SubjectPublicKeyInfoRef<'_>,
        _: SubjectPublicKeyInfoRef<'_>,
        _: &TbsCertificate,
    ) -> x509_cert::builder::Result<Vec<Extension>> {
        Ok(Vec::new())
    }
}

/// A key, and the certificate that names its holder.
pub enum Key {
    Rsa(rsa::pkcs1v15::SigningKey<Sha256>),
    P256(p256::ecdsa::SigningKey),
}

pub struct Signer {
    pub key: Key,
    pub cert: Certificate,
}

impl Key {
    pub fn rsa() -> Key {
        let private = rsa::RsaPrivateKey::new(&mut rand::rng(), 2048).unwrap();
        Key::Rsa(rsa::pkcs1v15::SigningKey::new(private))
    }

    pub fn p256() -> Key {
        use p256::elliptic_curve::Generate;
        Key::P256(p256::ecdsa::SigningKey::generate_from_rng(&mut rand::rng()))
    }

    fn public(&self) -> SubjectPublicKeyInfoOwned {
        use signature::Keypair;
        use spki::EncodePublicKey;
        let der = match self {
            Key::Rsa(k) => k.verifying_key().to_public_key_der(),
            Key::P256(k) => k.verifying_key().to_public_key_der(),
        };
        SubjectPublicKeyInfoOwned::try_from(der.unwrap().as_bytes()).unwrap()
    }

    /// Issues a certificate for `subject_key` named `subject`, signed by
    /// this key as `issuer` (the same name and key: self-signed).
    pub fn issue(&self, issuer: &str, subject: &str, subject_key: &Key) -> Certificate {
        let validity = Validity::from_now(Duration::from_secs(3600 * 24 * 365)).unwrap();
        self.issue_for(issuer, subject, subject_key, validity)
    }

    /// `issue`, with the given validity.
    pub fn issue_for(
        &self,
        issuer: &str,
        subject: &str,
        subject_key: &Key,
        validity: Validity,
    ) -> Certificate {
        let profile = Plain {
            issuer: Name::from_str(issuer).unwrap(),
            subject: Name::from_str(subject).unwrap(),
        };
        let builder = CertificateBuilder::new(
            profile,
            SerialNumber::from(rand::random::<u32>()),
            validity,
            subject_key.public(),
        )
        .unwrap();
        match self {
            Key::Rsa(k) => builder.build::<_, rsa::pkcs1v15::Signature>(k).unwrap(),
            Key::P256(k) => builder.build::<_, p256::ecdsa::DerSignature>(k).unwrap(),
        }
    }
}

impl Signer {
    /// A signer with a self-signed certificate.
    pub fn self_signed(key: Key, name: &str) -> Signer {
        let dn = format!("CN={name},O=UBND phuong Muong Thanh,C=VN");
        let cert = key.issue(&dn, &dn, &key);
        Signer { key, cert }
    }

    /// Detached CMS SignedData over `parts`, with the certificates given.
    fn cms(&self, parts: &[&[u8]], chain: &[Certificate]) -> Vec<u8> {
        let mut hasher = Sha256::new();
        parts.iter().for_each(|p| hasher.update(p));
        let digest = hasher.finalize().to_vec();
        let content = EncapsulatedContentInfo {
            econtent_type: const_oid::db::rfc5911::ID_DATA,
            econtent: None,
        };
        let tbs = self.cert.tbs_certificate();
        let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: tbs.issuer().clone(),
            serial_number: tbs.serial_number().clone(),
        });
        let sha256 = AlgorithmIdentifierOwned {
            oid: const_oid::db::rfc5912::ID_SHA_256,
            parameters: None,
        };
        let mut info =
            SignerInfoBuilder::new(sid, sha256.clone(), &content, Some(&digest)).unwrap();
        info.add_signed_attribute(create_signing_time_attribute().unwrap())
            .unwrap();
        let mut data = SignedDataBuilder::new(&content);
        data.add_digest_algorithm(sha256).unwrap();
        for cert in std::iter::once(&self.cert).chain(chain) {
            data.add_certificate(CertificateChoices::Certificate(cert.clone()))
                .unwrap();
        }
        match &self.key {
            Key::Rsa(k) => data.add_signer_info::<_, rsa::pkcs1v15::Signature>(info, k),
            Key::P256(k) => data.add_signer_info::<_, p256::ecdsa::DerSignature>(info, k),
        }
        .unwrap();
        data.build().unwrap().to_der().unwrap()
    }

    /// Signs a PDF made by `make_pdf`: adds a signature field whose value
    /// has a `/ByteRange` over the whole file but `/Contents`, and fills
    /// `/Contents` with the CMS signature.
    pub fn sign(&self, pdf: &[u8], chain: &[Certificate]) -> Vec<u8> {
        let mut doc = Document::load_mem(pdf).unwrap();
        // Placeholders of fixed width, filled in once the offsets are known.
        let sig = doc.add_object(dictionary! {
            "Type" => "Sig",
            "Filter" => "Adobe.PPKLite",
            "SubFilter" => "adbe.pkcs7.detached",
            "M" => Object::string_literal("D:20251119103000+07'00'"),
            "ByteRange" => vec![Object::Integer(0), Object::Integer(9_999_999_999), Object::Integer(9_999_999_999), Object::Integer(9_999_999_999)],
            "Contents" => Object::String(vec![0; CONTENTS_BYTES], StringFormat::Hexadecimal),
        });
        let page = *doc.get_pages().values().next().unwrap();
        let field = doc.add_object(dictionary! {
            "Type" => "Annot", "Subtype" => "Widget", "FT" => "Sig",
            "T" => Object::string_literal("ChuKy1"), "V" => sig, "P" => page,
            "Rect" => vec![0.into(), 0.into(), 0.into(), 0.into()], "F" => 132,
        });
        doc.get_dictionary_mut(page)
            .unwrap()
            .set("Annots", vec![Object::Reference(field)]);
        catalog_mut(&mut doc).set(
            "AcroForm",
            dictionary! { "Fields" => vec![Object::Reference(field)], "SigFlags" => 3 },
        );
        let mut bytes = save(&mut doc);

        let contents_at = value_at(&bytes, b"/Contents", b'<');
        let contents_end = contents_at + 2 * CONTENTS_BYTES + 2;
        let range_at = value_at(&bytes, b"/ByteRange", b'[');
        let range_end = range_at + find(&bytes[range_at..], b"]") + 1;
        let range = format!(
            "[0 {contents_at} {contents_end} {}]",
            bytes.len() - contents_end
        );
        let padded = format!("{range:<width$}", width = range_end - range_at);
        bytes[range_at..range_end].copy_from_slice(padded.as_bytes());

        let cms = self.cms(&[&bytes[..contents_at], &bytes[contents_end..]], chain);
        assert!(
            cms.len() <= CONTENTS_BYTES,
            "CMS too large for the placeholder"
        );
        let hex: String = cms.iter().map(|b| format!("{b:02X}")).collect();
        bytes[contents_at + 1..contents_at + 1 + hex.len()].copy_from_slice(hex.as_bytes());
        bytes
    }
}

/// The offset of the first `needle` in `haystack`.
pub fn find(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .position(|w| w == needle)
        .unwrap_or_else(|| panic!("{} not found", String::from_utf8_lossy(needle)))
}

/// The offset of the value of `key` that starts with `opener` (the page's
/// `/Contents 4 0 R` is skipped for the signature's `/Contents <…>`).
fn value_at(bytes: &[u8], key: &[u8], opener: u8) -> usize {
    let mut from = 0;
    loop {
        let at = from + find(&bytes[from..], key) + key.len();
        let value = at
            + bytes[at..]
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
        if bytes[value] == opener {
            return value;
        }
        from = at;
    }
}

/// Runs the real binary: `cchc-gen archive --archive ROOT args…`.
pub fn run(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cchc-gen"))
        .arg("archive")
        .arg("--archive")
        .arg(root)
        .args(args)
        .envs(env.iter().copied())
        .env_remove("CCHC_TRUST")
        .output()
        .unwrap()
}
