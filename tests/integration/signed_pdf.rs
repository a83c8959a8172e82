//! Test PDFs: a page of text, optionally the report's YAML attached the way
//! our PDF/A-3 files carry it, optionally signed with a key made here.

use std::path::Path;
use std::process::{Command, Output};
use std::str::FromStr;
use std::time::{Duration, SystemTime};

use cms::builder::{SignedDataBuilder, SignerInfoBuilder, create_signing_time_attribute};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier};
use der::Encode;
use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat, dictionary};
use sha2::{Digest, Sha256};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned, SubjectPublicKeyInfoRef};
use x509_cert::Certificate;
use x509_cert::builder::profile::BuilderProfile;
use x509_cert::builder::{Builder, CertificateBuilder};
use x509_cert::certificate::TbsCertificate;
use x509_cert::crl::CertificateList;
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

/// A certificate profile: no extensions, enough for a test signer, or
/// only basic constraints saying whether the holder is a CA, or only an
/// extended key usage (time stamping, OCSP signing).
struct Plain {
    issuer: Name,
    subject: Name,
    ca: Option<bool>,
    purpose: Option<const_oid::ObjectIdentifier>,
}

impl Plain {
    fn named(issuer: &str, subject: &str) -> Plain {
        Plain {
            issuer: Name::from_str(issuer).unwrap(),
            subject: Name::from_str(subject).unwrap(),
            ca: None,
            purpose: None,
        }
    }
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
        use const_oid::db::rfc5280;
        use x509_cert::ext::pkix::{BasicConstraints, ExtendedKeyUsage};
        let extension = |extn_id, value: Vec<u8>| Extension {
            extn_id,
            critical: true,
            extn_value: der::asn1::OctetString::new(value).unwrap(),
        };
        let ca = self.ca.map(|ca| {
            let bc = BasicConstraints {
                ca,
                path_len_constraint: None,
            };
            extension(rfc5280::ID_CE_BASIC_CONSTRAINTS, bc.to_der().unwrap())
        });
        let purpose = self.purpose.map(|purpose| {
            let eku = ExtendedKeyUsage(vec![purpose]);
            extension(rfc5280::ID_CE_EXT_KEY_USAGE, eku.to_der().unwrap())
        });
        Ok(ca.into_iter().chain(purpose).collect())
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
        self.issue_for(issuer, subject, subject_key, a_year(), None)
    }

    /// `issue`, for a holder whose only extended key usage is `purpose`:
    /// a time-stamping authority, an OCSP responder.
    pub fn issue_for_purpose(
        &self,
        issuer: &str,
        subject: &str,
        subject_key: &Key,
        purpose: const_oid::ObjectIdentifier,
    ) -> Certificate {
        let profile = Plain {
            purpose: Some(purpose),
            ..Plain::named(issuer, subject)
        };
        self.issue_as(profile, a_year(), subject_key)
    }

    /// `issue`, with the given validity and, if given, basic constraints
    /// saying whether the subject is a CA.
    pub fn issue_for(
        &self,
        issuer: &str,
        subject: &str,
        subject_key: &Key,
        validity: Validity,
        ca: Option<bool>,
    ) -> Certificate {
        let profile = Plain {
            ca,
            ..Plain::named(issuer, subject)
        };
        self.issue_as(profile, validity, subject_key)
    }

    /// A revocation list signed by this key as `issuer`, issued now,
    /// listing each certificate with the time it was revoked.
    pub fn crl(&self, issuer: &str, revoked: &[(&Certificate, SystemTime)]) -> CertificateList {
        use x509_cert::crl::{RevokedCert, TbsCertList};
        use x509_cert::time::Time;
        let time = |t: SystemTime| Time::UtcTime(der::asn1::UtcTime::from_system_time(t).unwrap());
        let tbs_cert_list = TbsCertList {
            version: x509_cert::Version::V2,
            signature: self.algorithm(),
            issuer: Name::from_str(issuer).unwrap(),
            this_update: time(SystemTime::now()),
            next_update: None,
            revoked_certificates: Some(
                revoked
                    .iter()
                    .map(|(cert, at)| RevokedCert {
                        serial_number: cert.tbs_certificate().serial_number().clone(),
                        revocation_date: time(*at),
                        crl_entry_extensions: None,
                    })
                    .collect(),
            ),
            crl_extensions: None,
        };
        let signed = self.sign_bytes(&tbs_cert_list.to_der().unwrap());
        CertificateList {
            tbs_cert_list,
            signature_algorithm: self.algorithm(),
            signature: der::asn1::BitString::from_bytes(&signed).unwrap(),
        }
    }

    /// An OCSP response (RFC 6960) signed by this key, saying `answer`
    /// about `cert`, which `issuer` issued; with the responder's
    /// certificate when a responder the issuer named signs it.
    pub fn ocsp(
        &self,
        issuer: &Certificate,
        cert: &Certificate,
        answer: Ocsp,
        responder: Option<&Certificate>,
    ) -> Vec<u8> {
        use der::asn1::{BitString, GeneralizedTime, OctetString};
        use der::{Any, Tag, TagNumber};
        let tlv = |tag, content: Vec<u8>| Any::new(tag, content).unwrap().to_der().unwrap();
        let explicit = |number, content| {
            let tag = Tag::ContextSpecific {
                constructed: true,
                number: TagNumber(number),
            };
            tlv(tag, content)
        };
        let sequence = |fields: &[Vec<u8>]| tlv(Tag::Sequence, fields.concat());
        let time = |t| {
            GeneralizedTime::from_system_time(t)
                .unwrap()
                .to_der()
                .unwrap()
        };
        let hash = |bytes: &[u8]| {
            OctetString::new(sha256(&[bytes]))
                .unwrap()
                .to_der()
                .unwrap()
        };
        let issuer_tbs = issuer.tbs_certificate();
        let cert_id = sequence(&[
            sha256_id().to_der().unwrap(),
            hash(&issuer_tbs.subject().to_der().unwrap()),
            hash(
                issuer_tbs
                    .subject_public_key_info()
                    .subject_public_key
                    .raw_bytes(),
            ),
            cert.tbs_certificate().serial_number().to_der().unwrap(),
        ]);
        let status = match answer {
            Ocsp::Good => tlv(
                Tag::ContextSpecific {
                    constructed: false,
                    number: TagNumber(0),
                },
                Vec::new(),
            ),
            Ocsp::Revoked(at) => explicit(1, time(at)),
        };
        let now = SystemTime::now();
        let single = sequence(&[cert_id, status, time(now)]);
        let responder_name = responder.unwrap_or(issuer).tbs_certificate().subject();
        let tbs = sequence(&[
            explicit(1, responder_name.to_der().unwrap()),
            time(now),
            sequence(&[single]),
        ]);
        let signature = BitString::from_bytes(&self.sign_bytes(&tbs)).unwrap();
        let mut basic = vec![
            tbs,
            self.algorithm().to_der().unwrap(),
            signature.to_der().unwrap(),
        ];
        basic.extend(responder.map(|r| explicit(0, sequence(&[r.to_der().unwrap()]))));
        let kind = const_oid::ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.48.1.1");
        let response = sequence(&[
            kind.to_der().unwrap(),
            OctetString::new(sequence(&basic))
                .unwrap()
                .to_der()
                .unwrap(),
        ]);
        sequence(&[tlv(Tag::Enumerated, vec![0]), explicit(0, response)])
    }

    /// The algorithm `sign_bytes` signs with.
    fn algorithm(&self) -> AlgorithmIdentifierOwned {
        match self {
            Key::Rsa(_) => AlgorithmIdentifierOwned {
                oid: const_oid::db::rfc5912::SHA_256_WITH_RSA_ENCRYPTION,
                parameters: Some(der::asn1::Null.into()),
            },
            Key::P256(_) => AlgorithmIdentifierOwned {
                oid: const_oid::db::rfc5912::ECDSA_WITH_SHA_256,
                parameters: None,
            },
        }
    }

    /// A signature of `message` with SHA-256.
    fn sign_bytes(&self, message: &[u8]) -> Vec<u8> {
        use signature::{SignatureEncoding, Signer as _};
        match self {
            Key::Rsa(k) => k.sign(message).to_vec(),
            Key::P256(k) => {
                let sig: p256::ecdsa::DerSignature = k.sign(message);
                sig.to_vec()
            }
        }
    }

    fn issue_as(&self, profile: Plain, validity: Validity, subject_key: &Key) -> Certificate {
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

/// Adobe's `adbe-revocationInfoArchival` attribute with the archived data
/// of `how`: `SEQUENCE { crl [0] EXPLICIT SEQUENCE OF CertificateList,
/// ocsp [1] EXPLICIT SEQUENCE OF OCSPResponse }`, each when there is some.
fn revocation_info_archival(how: &How) -> x509_cert::attr::Attribute {
    use der::{Any, Tag, TagNumber};
    let listed = |number, items: Vec<Vec<u8>>| {
        let list = Any::new(Tag::Sequence, items.concat()).unwrap();
        let tag = Tag::ContextSpecific {
            constructed: true,
            number: TagNumber(number),
        };
        let explicit = Any::new(tag, list.to_der().unwrap()).unwrap();
        (!items.is_empty()).then(|| explicit.to_der().unwrap())
    };
    let crls = how.archived_crls.iter().map(|c| c.to_der().unwrap());
    let fields = [
        listed(0, crls.collect()),
        listed(1, how.archived_ocsp.clone()),
    ];
    let value: Vec<u8> = fields.into_iter().flatten().flatten().collect();
    let value = Any::new(Tag::Sequence, value).unwrap();
    x509_cert::attr::Attribute {
        oid: const_oid::ObjectIdentifier::new_unwrap("1.2.840.113583.1.1.8"),
        values: vec![value].try_into().unwrap(),
    }
}

fn sha256_id() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid: const_oid::db::rfc5912::ID_SHA_256,
        parameters: None,
    }
}

fn sha256(parts: &[&[u8]]) -> Vec<u8> {
    let mut hasher = Sha256::new();
    parts.iter().for_each(|p| hasher.update(p));
    hasher.finalize().to_vec()
}

/// A year from now.
pub fn a_year() -> Validity {
    Validity::from_now(Duration::from_secs(3600 * 24 * 365)).unwrap()
}

/// What a signature carries besides the file's digest.
#[derive(Clone, Copy, PartialEq)]
pub enum Attributes {
    /// Signed attributes with a signing time, as most signers make.
    SigningTime,
    /// Signed attributes without a time, as PAdES signatures are.
    NoTime,
    /// No signed attributes: the signature is over the file itself.
    None,
}

/// How a PDF is signed.
pub struct How {
    pub attributes: Attributes,
    /// Appended as an incremental update, leaving earlier signatures valid.
    pub incremental: bool,
    /// Revocation lists in the CMS's own `crls`.
    pub crls: Vec<CertificateList>,
    /// Revocation lists and OCSP responses in the signed attribute Adobe
    /// Acrobat writes, `adbe-revocationInfoArchival`.
    pub archived_crls: Vec<CertificateList>,
    pub archived_ocsp: Vec<Vec<u8>>,
}

/// What an OCSP responder answers.
pub enum Ocsp {
    Good,
    Revoked(SystemTime),
}

impl Default for How {
    fn default() -> How {
        How {
            attributes: Attributes::SigningTime,
            incremental: false,
            crls: Vec::new(),
            archived_crls: Vec::new(),
            archived_ocsp: Vec::new(),
        }
    }
}

/// `pdf` with `change` applied to a new revision appended to it.
pub fn update(pdf: &[u8], change: impl FnOnce(&Document, &mut Document)) -> Vec<u8> {
    let prev = Document::load_mem(pdf).unwrap();
    let mut inc = lopdf::IncrementalDocument::create_from(pdf.to_vec(), prev);
    let (prev, new) = (inc.get_prev_documents().clone(), &mut inc.new_document);
    change(&prev, new);
    let mut bytes = Vec::new();
    inc.save_to(&mut bytes).unwrap();
    bytes
}

impl Signer {
    /// A signer with a self-signed certificate.
    pub fn self_signed(key: Key, name: &str) -> Signer {
        let dn = format!("CN={name},O=UBND phuong Muong Thanh,C=VN");
        let cert = key.issue(&dn, &dn, &key);
        Signer { key, cert }
    }

    /// Detached CMS SignedData over `parts`, with the certificates given.
    fn cms(&self, parts: &[&[u8]], chain: &[Certificate], how: &How) -> Vec<u8> {
        let content = EncapsulatedContentInfo {
            econtent_type: const_oid::db::rfc5911::ID_DATA,
            econtent: None,
        };
        if how.attributes == Attributes::None {
            return self.cms_without_attributes(&parts.concat(), content, chain);
        }
        self.cms_of(content, Some(&sha256(parts)), chain, how)
    }

    /// CMS SignedData of `content`, or of external content with `digest`.
    fn cms_of(
        &self,
        content: EncapsulatedContentInfo,
        digest: Option<&[u8]>,
        chain: &[Certificate],
        how: &How,
    ) -> Vec<u8> {
        let mut info = SignerInfoBuilder::new(self.sid(), sha256_id(), &content, digest).unwrap();
        if how.attributes == Attributes::SigningTime {
            info.add_signed_attribute(create_signing_time_attribute().unwrap())
                .unwrap();
        }
        if !how.archived_crls.is_empty() || !how.archived_ocsp.is_empty() {
            info.add_signed_attribute(revocation_info_archival(how))
                .unwrap();
        }
        let mut data = SignedDataBuilder::new(&content);
        data.add_digest_algorithm(sha256_id()).unwrap();
        for cert in std::iter::once(&self.cert).chain(chain) {
            data.add_certificate(CertificateChoices::Certificate(cert.clone()))
                .unwrap();
        }
        for crl in &how.crls {
            data.add_crl(cms::revocation::RevocationInfoChoice::Crl(crl.clone()))
                .unwrap();
        }
        match &self.key {
            Key::Rsa(k) => data.add_signer_info::<_, rsa::pkcs1v15::Signature>(info, k),
            Key::P256(k) => data.add_signer_info::<_, p256::ecdsa::DerSignature>(info, k),
        }
        .unwrap();
        data.build().unwrap().to_der().unwrap()
    }

    fn sid(&self) -> SignerIdentifier {
        let tbs = self.cert.tbs_certificate();
        SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: tbs.issuer().clone(),
            serial_number: tbs.serial_number().clone(),
        })
    }

    /// The CMS builder always adds signed attributes; this one has none.
    fn cms_without_attributes(
        &self,
        message: &[u8],
        content: EncapsulatedContentInfo,
        chain: &[Certificate],
    ) -> Vec<u8> {
        use cms::content_info::{CmsVersion, ContentInfo};
        use cms::signed_data::{CertificateSet, SignedData, SignerInfo, SignerInfos};
        let signature = self.key.sign_bytes(message);
        let info = SignerInfo {
            version: CmsVersion::V1,
            sid: self.sid(),
            digest_alg: sha256_id(),
            signed_attrs: None,
            signature_algorithm: self.key.algorithm(),
            signature: der::asn1::OctetString::new(signature).unwrap(),
            unsigned_attrs: None,
        };
        let certs: Vec<CertificateChoices> = std::iter::once(&self.cert)
            .chain(chain)
            .map(|c| CertificateChoices::Certificate(c.clone()))
            .collect();
        let data = SignedData {
            version: CmsVersion::V1,
            digest_algorithms: vec![sha256_id()].try_into().unwrap(),
            encap_content_info: content,
            certificates: Some(CertificateSet(certs.try_into().unwrap())),
            crls: None,
            signer_infos: SignerInfos(vec![info].try_into().unwrap()),
        };
        ContentInfo {
            content_type: const_oid::db::rfc5911::ID_SIGNED_DATA,
            content: der::Any::encode_from(&data).unwrap(),
        }
        .to_der()
        .unwrap()
    }

    /// Signs a PDF made by `make_pdf`: adds a signature field whose value
    /// has a `/ByteRange` over the whole file but `/Contents`, and fills
    /// `/Contents` with the CMS signature.
    pub fn sign(&self, pdf: &[u8], chain: &[Certificate]) -> Vec<u8> {
        self.sign_how(pdf, chain, How::default())
    }

    /// `sign`, the way `how` says. An incremental signature is a bare
    /// signature dictionary in a new revision: the checker looks for
    /// dictionaries with a `/ByteRange`, not for form fields.
    pub fn sign_how(&self, pdf: &[u8], chain: &[Certificate], how: How) -> Vec<u8> {
        // Placeholders of fixed width, filled in once the offsets are known.
        let placeholder = || {
            with_room(dictionary! {
                "Type" => "Sig",
                "Filter" => "Adobe.PPKLite",
                "SubFilter" => "adbe.pkcs7.detached",
                "M" => Object::string_literal("D:20251119103000+07'00'"),
            })
        };
        let (bytes, from) = if how.incremental {
            let bytes = update(pdf, |_, new| {
                new.add_object(placeholder());
            });
            (bytes, pdf.len())
        } else {
            (self.with_signature_field(pdf, placeholder()), 0)
        };
        fill(bytes, from, |parts| self.cms(parts, chain, &how))
    }

    /// Appends a document timestamp (PAdES-LTA) with this signer as the
    /// time-stamping authority: a new revision with a signature field whose
    /// value is a `/DocTimeStamp` over the whole file, invisible unless
    /// `visible`, listed in the page's annotations and the form's fields.
    pub fn timestamp(&self, pdf: &[u8], chain: &[Certificate], visible: bool) -> Vec<u8> {
        let bytes = update(pdf, |prev, new| {
            let stamp = new.add_object(with_room(dictionary! {
                "Type" => "DocTimeStamp",
                "Filter" => "Adobe.PPKLite",
                "SubFilter" => "ETSI.RFC3161",
            }));
            let page = *prev.get_pages().values().next().unwrap();
            let corner = if visible { 200 } else { 0 };
            let field = new.add_object(dictionary! {
                "Type" => "Annot", "Subtype" => "Widget", "FT" => "Sig",
                "T" => Object::string_literal("DauThoiGian"), "V" => stamp, "P" => page,
                "Rect" => vec![0.into(), 0.into(), corner.into(), corner.into()], "F" => 132,
            });
            let root = prev.trailer.get(b"Root").unwrap().as_reference().unwrap();
            push_item(prev, new, page, &[b"Annots"], field.into());
            push_item(prev, new, root, &[b"AcroForm", b"Fields"], field.into());
        });
        fill(bytes, pdf.len(), |parts| self.timestamp_token(parts, chain))
    }

    /// An RFC 3161 timestamp token for `parts`: CMS SignedData holding a
    /// TSTInfo with their digest and the time now (and a nonce), signed with
    /// a signing-time attribute as some TSAs add.
    fn timestamp_token(&self, parts: &[&[u8]], chain: &[Certificate]) -> Vec<u8> {
        use der::asn1::{GeneralizedTime, Int, OctetString};
        use der::{Any, Tag};
        let sequence = |fields: &[Vec<u8>]| Any::new(Tag::Sequence, fields.concat()).unwrap();
        let imprint = sequence(&[
            sha256_id().to_der().unwrap(),
            OctetString::new(sha256(parts)).unwrap().to_der().unwrap(),
        ]);
        let policy = const_oid::ObjectIdentifier::new_unwrap("1.3.6.1.4.1.99999.1");
        let now = GeneralizedTime::from_system_time(std::time::SystemTime::now()).unwrap();
        let tst_info = sequence(&[
            1u8.to_der().unwrap(),
            policy.to_der().unwrap(),
            imprint.to_der().unwrap(),
            Int::new(&[7]).unwrap().to_der().unwrap(),
            now.to_der().unwrap(),
            Int::new(&[0x2a]).unwrap().to_der().unwrap(),
        ]);
        let content = EncapsulatedContentInfo {
            econtent_type: const_oid::db::rfc3161::ID_CT_TST_INFO,
            econtent: Some(Any::new(Tag::OctetString, tst_info.to_der().unwrap()).unwrap()),
        };
        self.cms_of(content, None, chain, &How::default())
    }

    /// `pdf` saved again with a signature field whose value is `sig`.
    fn with_signature_field(&self, pdf: &[u8], sig: Dictionary) -> Vec<u8> {
        let mut doc = Document::load_mem(pdf).unwrap();
        let sig = doc.add_object(sig);
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
        save(&mut doc)
    }
}

/// Appends `item` to the list at `path` in object `owner`, through inline
/// dictionaries or references, and writes the object changed into `new`.
fn push_item(prev: &Document, new: &mut Document, owner: ObjectId, path: &[&[u8]], item: Object) {
    let mut changed = prev.get_object(owner).unwrap().clone();
    let mut at = &mut changed;
    for (i, key) in path.iter().enumerate() {
        at = at.as_dict_mut().unwrap().get_mut(key).unwrap();
        if let Object::Reference(inner) = at {
            return push_item(prev, new, *inner, &path[i + 1..], item);
        }
    }
    at.as_array_mut().unwrap().push(item);
    new.set_object(owner, changed);
}

/// A signature dictionary with room for its byte range and CMS.
fn with_room(mut sig: Dictionary) -> Dictionary {
    let unknown = Object::Integer(9_999_999_999);
    sig.set(
        "ByteRange",
        vec![
            Object::Integer(0),
            unknown.clone(),
            unknown.clone(),
            unknown,
        ],
    );
    sig.set(
        "Contents",
        Object::String(vec![0; CONTENTS_BYTES], StringFormat::Hexadecimal),
    );
    sig
}

/// Writes the byte range, and the CMS `cms` makes of the parts it covers,
/// into the placeholder that comes after offset `from`.
fn fill(mut bytes: Vec<u8>, from: usize, cms: impl FnOnce(&[&[u8]]) -> Vec<u8>) -> Vec<u8> {
    let contents_at = from + value_at(&bytes[from..], b"/Contents", b'<');
    let contents_end = contents_at + 2 * CONTENTS_BYTES + 2;
    let range_at = from + value_at(&bytes[from..], b"/ByteRange", b'[');
    let range_end = range_at + find(&bytes[range_at..], b"]") + 1;
    let range = format!(
        "[0 {contents_at} {contents_end} {}]",
        bytes.len() - contents_end
    );
    let padded = format!("{range:<width$}", width = range_end - range_at);
    bytes[range_at..range_end].copy_from_slice(padded.as_bytes());

    let cms = cms(&[&bytes[..contents_at], &bytes[contents_end..]]);
    assert!(
        cms.len() <= CONTENTS_BYTES,
        "CMS too large for the placeholder"
    );
    let hex: String = cms.iter().map(|b| format!("{b:02X}")).collect();
    bytes[contents_at + 1..contents_at + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    bytes
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
