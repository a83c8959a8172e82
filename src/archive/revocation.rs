//! Whether a certificate was revoked, from the revocation data a signed PDF
//! carries: CRLs (RFC 5280) and OCSP responses (RFC 6960), in the CMS of a
//! signature, in Adobe's signed attribute `adbe-revocationInfoArchival`, or
//! in the document's `/DSS` (PAdES LTV). Nothing is fetched from the
//! network. Only data signed by the certificate's issuer, or by an OCSP
//! responder the issuer named, counts.
//!
//! The OCSP structures are read by hand, like the TSTInfo of a timestamp:
//! x509-ocsp 0.2 is built on `der` 0.7, not the 0.8 used here.

use std::collections::BTreeSet;

use cms::revocation::RevocationInfoChoice;
use cms::signed_data::{SignedData, SignerInfo};
use const_oid::ObjectIdentifier;
use const_oid::db::rfc5280;
use der::asn1::{BitString, GeneralizedTime, OctetString};
use der::{Decode, Encode, Reader, SliceReader, Tagged};
use lopdf::{Document, Object};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;
use x509_cert::serial_number::SerialNumber;

use super::signature::{digest, is_for, issued_by, signed_by};

/// Adobe's signed attribute that archives revocation data with a signature.
const ADBE_REVOCATION_INFO_ARCHIVAL: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113583.1.1.8");
/// The one kind of OCSP response there is (RFC 6960 §4.2.1).
const ID_PKIX_OCSP_BASIC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.48.1.1");

/// CRLs and OCSP responses.
#[derive(Default)]
pub struct RevocationData {
    crls: Vec<CertificateList>,
    ocsp: Vec<OcspResponse>,
}

/// What the revocation data says of one certificate.
#[derive(Debug, PartialEq, Eq)]
pub enum Status {
    /// Revoked at this time (seconds since 1970, UTC).
    Revoked(i64),
    /// Not revoked, as of this time, by a CRL or an OCSP response.
    NotRevoked { as_of: i64, by: &'static str },
    /// Nothing signed by the issuer speaks of it.
    Unknown,
}

impl RevocationData {
    /// The data in the `/DSS` of the revisions `docs`: streams of DER in
    /// `/CRLs`, `/OCSPs`. Each is read once, however many revisions list it.
    pub fn in_dss<'a>(docs: impl Iterator<Item = &'a Document> + Clone) -> RevocationData {
        let streams = |key: &[u8]| -> BTreeSet<Vec<u8>> {
            docs.clone()
                .flat_map(|doc| {
                    let list = doc
                        .catalog()
                        .and_then(|c| c.get_deref(b"DSS", doc))
                        .and_then(Object::as_dict)
                        .and_then(|dss| dss.get_deref(key, doc))
                        .and_then(Object::as_array);
                    list.into_iter()
                        .flatten()
                        .filter_map(|o| doc.dereference(o).ok()?.1.as_stream().ok())
                        .map(|s| {
                            s.decompressed_content()
                                .unwrap_or_else(|_| s.content.clone())
                        })
                })
                .collect()
        };
        RevocationData {
            crls: streams(b"CRLs")
                .iter()
                .filter_map(|b| CertificateList::from_der(b).ok())
                .collect(),
            ocsp: streams(b"OCSPs")
                .iter()
                .filter_map(|b| OcspResponse::read(b))
                .collect(),
        }
    }

    /// The data a signature carries: in the CMS's `crls`, and in the signed
    /// attribute `adbe-revocationInfoArchival`: `SEQUENCE { crl [0] EXPLICIT
    /// SEQUENCE OF CertificateList OPTIONAL, ocsp [1] EXPLICIT SEQUENCE OF
    /// OCSPResponse OPTIONAL, otherRevInfo [2] … }`.
    pub fn of_signature(signed_data: &SignedData, info: &SignerInfo) -> RevocationData {
        let mut data = RevocationData::default();
        // OCSP responses there (RFC 5940) are not read: the `cms` crate
        // models their format as an algorithm identifier.
        for choice in signed_data.crls.iter().flat_map(|set| set.0.iter()) {
            if let RevocationInfoChoice::Crl(crl) = choice {
                data.crls.push(crl.clone());
            }
        }
        let archived = info
            .signed_attrs
            .iter()
            .flat_map(|attrs| attrs.iter())
            .find(|a| a.oid == ADBE_REVOCATION_INFO_ARCHIVAL)
            .and_then(|a| a.values.iter().next());
        if let Some(value) = archived {
            let mut read = || -> der::Result<()> {
                let mut reader = SliceReader::new(value.value())?;
                while !reader.is_finished() {
                    let field: der::Any = reader.decode()?;
                    let tag = field.tag();
                    if !tag.is_context_specific() {
                        continue;
                    }
                    let items = Vec::<der::Any>::from_der(field.value())?;
                    let items = items.iter().filter_map(|i| i.to_der().ok());
                    match tag.number().value() {
                        0 => data
                            .crls
                            .extend(items.filter_map(|b| CertificateList::from_der(&b).ok())),
                        1 => data
                            .ocsp
                            .extend(items.filter_map(|b| OcspResponse::read(&b))),
                        _ => {}
                    }
                }
                Ok(())
            };
            // Unreadable revocation data is as good as none.
            let _ = read();
        }
        data
    }

    /// What the data in `all` says of `cert`, which `issuer` issued. A
    /// revocation anywhere wins (the earliest); else the newest "not
    /// revoked".
    pub fn status(all: &[&RevocationData], cert: &Certificate, issuer: &Certificate) -> Status {
        let serial = cert.tbs_certificate().serial_number();
        let mut revoked: Option<i64> = None;
        let mut not_revoked: Option<(i64, &'static str)> = None;
        let mut saw = |status: Status| match status {
            Status::Revoked(at) => revoked = Some(revoked.map_or(at, |r| r.min(at))),
            Status::NotRevoked { as_of, by } => {
                if not_revoked.is_none_or(|(t, _)| as_of > t) {
                    not_revoked = Some((as_of, by));
                }
            }
            Status::Unknown => {}
        };
        for data in all {
            for crl in data.crls.iter().filter(|crl| crl_of(crl, issuer)) {
                let tbs = &crl.tbs_cert_list;
                let listed = tbs
                    .revoked_certificates
                    .iter()
                    .flatten()
                    .filter(|entry| entry.serial_number == *serial)
                    .map(|entry| seconds(entry.revocation_date.to_unix_duration()))
                    .min();
                saw(match listed {
                    Some(at) => Status::Revoked(at),
                    None => Status::NotRevoked {
                        as_of: seconds(tbs.this_update.to_unix_duration()),
                        by: "CRL",
                    },
                });
            }
            for response in data.ocsp.iter().filter(|r| r.signed_for(issuer)) {
                for single in response.about(cert, issuer) {
                    saw(match single.state {
                        State::Revoked(at) => Status::Revoked(at),
                        State::Good => Status::NotRevoked {
                            as_of: single.this_update,
                            by: "OCSP",
                        },
                        State::Unknown => Status::Unknown,
                    });
                }
            }
        }
        match (revoked, not_revoked) {
            (Some(at), _) => Status::Revoked(at),
            (None, Some((as_of, by))) => Status::NotRevoked { as_of, by },
            (None, None) => Status::Unknown,
        }
    }
}

fn seconds(d: std::time::Duration) -> i64 {
    d.as_secs() as i64
}

/// Whether `crl` is a revocation list `issuer` signed.
fn crl_of(crl: &CertificateList, issuer: &Certificate) -> bool {
    let tbs = &crl.tbs_cert_list;
    tbs.issuer == *issuer.tbs_certificate().subject()
        && tbs.to_der().is_ok_and(|der| {
            signed_by(
                &der,
                crl.signature_algorithm.oid,
                crl.signature.raw_bytes(),
                issuer,
            )
        })
}

/// A BasicOCSPResponse: what its responder signed, and the answers.
struct OcspResponse {
    /// The DER of `tbsResponseData`, which the signature covers.
    signed: Vec<u8>,
    signature_algorithm: ObjectIdentifier,
    signature: BitString,
    /// Certificates sent with the response: a delegated responder's.
    certs: Vec<Certificate>,
    answers: Vec<Answer>,
}

/// A SingleResponse.
struct Answer {
    hash_algorithm: ObjectIdentifier,
    issuer_name_hash: OctetString,
    issuer_key_hash: OctetString,
    serial: SerialNumber,
    state: State,
    this_update: i64,
}

enum State {
    Good,
    Revoked(i64),
    Unknown,
}

impl OcspResponse {
    /// Reads an OCSPResponse: `SEQUENCE { responseStatus ENUMERATED,
    /// responseBytes [0] EXPLICIT SEQUENCE { responseType, response OCTET
    /// STRING } }`. Only a successful basic response is kept.
    fn read(bytes: &[u8]) -> Option<OcspResponse> {
        let (status, response) = SliceReader::new(bytes)
            .ok()?
            .sequence(|r| {
                let status: der::Any = r.decode()?;
                let response: Option<der::Any> = r.decode()?;
                Ok::<_, der::Error>((status, response))
            })
            .ok()?;
        if status.value() != [0] {
            return None;
        }
        let (kind, basic) = SliceReader::new(response?.value())
            .ok()?
            .sequence(|r| {
                let kind: ObjectIdentifier = r.decode()?;
                let basic: OctetString = r.decode()?;
                Ok::<_, der::Error>((kind, basic))
            })
            .ok()?;
        (kind == ID_PKIX_OCSP_BASIC)
            .then(|| OcspResponse::read_basic(basic.as_bytes()).ok())
            .flatten()
    }

    /// `BasicOCSPResponse ::= SEQUENCE { tbsResponseData ResponseData,
    /// signatureAlgorithm, signature BIT STRING, certs [0] EXPLICIT SEQUENCE
    /// OF Certificate OPTIONAL }`.
    fn read_basic(bytes: &[u8]) -> der::Result<OcspResponse> {
        SliceReader::new(bytes)?.sequence(|r| {
            let tbs: der::Any = r.decode()?;
            let algorithm: AlgorithmIdentifierOwned = r.decode()?;
            let signature: BitString = r.decode()?;
            let certs = match r.decode::<Option<der::Any>>()? {
                Some(listed) => Vec::<Certificate>::from_der(listed.value())?,
                None => Vec::new(),
            };
            Ok(OcspResponse {
                signed: tbs.to_der()?,
                signature_algorithm: algorithm.oid,
                signature,
                certs,
                answers: read_answers(tbs.value())?,
            })
        })
    }

    /// Whether the issuer signed this response, or a responder it issued a
    /// certificate for OCSP signing to (RFC 6960 §4.2.2.2).
    fn signed_for(&self, issuer: &Certificate) -> bool {
        let by = |signer: &Certificate| {
            signed_by(
                &self.signed,
                self.signature_algorithm,
                self.signature.raw_bytes(),
                signer,
            )
        };
        by(issuer)
            || self.certs.iter().any(|responder| {
                is_for(responder, rfc5280::ID_KP_OCSP_SIGNING)
                    && issued_by(responder, issuer)
                    && by(responder)
            })
    }

    /// The answers about `cert`: its serial number, and its issuer's name
    /// and key by their hashes (when the hash is one this checker knows;
    /// most responders use SHA-1, and the signature check above already
    /// ties the response to the issuer).
    fn about<'a>(
        &'a self,
        cert: &'a Certificate,
        issuer: &'a Certificate,
    ) -> impl Iterator<Item = &'a Answer> {
        let name = issuer
            .tbs_certificate()
            .subject()
            .to_der()
            .unwrap_or_default();
        let key = issuer
            .tbs_certificate()
            .subject_public_key_info()
            .subject_public_key
            .raw_bytes()
            .to_vec();
        self.answers.iter().filter(move |a| {
            a.serial == *cert.tbs_certificate().serial_number()
                && [(&a.issuer_name_hash, &name), (&a.issuer_key_hash, &key)]
                    .iter()
                    .all(|(hash, of)| {
                        digest(a.hash_algorithm, &[of]).is_none_or(|d| d == hash.as_bytes())
                    })
        })
    }
}

/// The SingleResponses of a `ResponseData ::= SEQUENCE { version [0]
/// EXPLICIT DEFAULT v1, responderID, producedAt, responses SEQUENCE OF
/// SingleResponse, responseExtensions [1] EXPLICIT OPTIONAL }` (its
/// content, `tbs`).
fn read_answers(tbs: &[u8]) -> der::Result<Vec<Answer>> {
    let mut r = SliceReader::new(tbs)?;
    let first: der::Any = r.decode()?;
    if first.tag().is_context_specific() && first.tag().number().value() == 0 {
        // That was the version; the responder's id follows.
        let _responder: der::Any = r.decode()?;
    }
    let _produced_at: GeneralizedTime = r.decode()?;
    let answers = r.sequence(|r| {
        let mut answers = Vec::new();
        while !r.is_finished() {
            answers.push(r.sequence(read_answer)?);
        }
        Ok::<_, der::Error>(answers)
    })?;
    Ok(answers)
}

/// `SingleResponse ::= SEQUENCE { certID SEQUENCE { hashAlgorithm,
/// issuerNameHash, issuerKeyHash, serialNumber }, certStatus CHOICE { good
/// [0] IMPLICIT NULL, revoked [1] IMPLICIT SEQUENCE { revocationTime, … },
/// unknown [2] IMPLICIT NULL }, thisUpdate, … }`.
fn read_answer<'a>(r: &mut SliceReader<'a>) -> der::Result<Answer> {
    let (hash_algorithm, issuer_name_hash, issuer_key_hash, serial) = r.sequence(|r| {
        let algorithm: AlgorithmIdentifierOwned = r.decode()?;
        Ok::<_, der::Error>((algorithm.oid, r.decode()?, r.decode()?, r.decode()?))
    })?;
    let status: der::Any = r.decode()?;
    let state = match status.tag().number().value() {
        0 => State::Good,
        1 => {
            let at: GeneralizedTime = SliceReader::new(status.value())?.decode()?;
            State::Revoked(seconds(at.to_unix_duration()))
        }
        _ => State::Unknown,
    };
    let this_update: GeneralizedTime = r.decode()?;
    while !r.is_finished() {
        let _: der::Any = r.decode()?;
    }
    Ok(Answer {
        hash_algorithm,
        issuer_name_hash,
        issuer_key_hash,
        serial,
        state,
        this_update: seconds(this_update.to_unix_duration()),
    })
}
