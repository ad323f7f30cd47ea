//! Compressed copies of the public answers, made once per content.
//!
//! Partner sites and browsers ask for brotli or gzip. Compressing each answer anew cost more
//! than computing it (a calendar of 2 MB, the OpenAPI document, a page of results), and
//! each brotli encoder held megabytes while it ran. A copy is keyed by the digest of the
//! uncompressed body and the coding, so it can never be served for another content; the
//! least recently used copies go once the budget is spent.
//!
//! A small body is sent plain the first time, compressed from its second request on: most
//! details are asked for once, and compressing one cost a quarter of its CPU for no time
//! saved by its client (see [`FIRST_FLIGHT`]).

use std::io::Write;
use std::sync::{Mutex, MutexGuard};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{
    AcceptEncoding, ContentEncoding, Encoding, Header, HeaderMap, HeaderValue, CONTENT_ENCODING,
};
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use actix_web::HttpMessage;
use lru::LruCache;

/// Below this size, compression saves less than it costs.
pub const WORTH_COMPRESSING: usize = 1024;
/// TCP's first flight carries ten segments, some 14 KB: a body within it reaches the client
/// in the same round trip compressed or not, so compressing it saves bandwidth only. Such a
/// body is compressed once asked for again, the copy then serving every later request.
pub const FIRST_FLIGHT: usize = 12 * 1024;
/// Small bodies remembered as sent plain once (a digest each, about 64 bytes with the
/// map's own): enough to recognise the details and pages asked for again.
const REMEMBERED: usize = 8192;
/// Bytes of compressed copies kept, all answers together: room for the large answers asked
/// again and again (a 2 MB calendar compresses to a few hundred KB) and many small ones;
/// 32 MB only kept more details that are asked for once.
const BUDGET: usize = 8 * 1024 * 1024;
/// Brotli quality 4 compresses text nearly as well as gzip's best, several times faster;
/// a 256 KiB window bounds each encoder's memory (a 1 MiB one took 13 MB to compress a
/// 2.3 MB calendar).
const BROTLI_QUALITY: u32 = 4;
const BROTLI_WINDOW_BITS: u32 = 18;
/// Bodies up to this size are mostly compressed once and served once (a detail, a page of
/// results drawn at random), so the encoder's set-up dominates: quality 2 halves the time
/// for 2 to 4 % more bytes (a 5 KB detail: 40 µs and 1,674 bytes instead of 77 µs and
/// 1,639; a 16 KB page of results: 101 µs and 4,602 bytes instead of 171 µs and 4,438).
const SMALL_BODY: usize = 64 * 1024;
const SMALL_BODY_BROTLI_QUALITY: u32 = 2;

/// The codings offered, most compact first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Coding {
    Brotli,
    Gzip,
}

impl Coding {
    pub fn header_value(self) -> ContentEncoding {
        match self {
            Coding::Brotli => ContentEncoding::Brotli,
            Coding::Gzip => ContentEncoding::Gzip,
        }
    }

    /// The coding a request prefers among those offered; `None` for the plain body.
    pub fn negotiate(request: &impl HttpMessage) -> Option<Coding> {
        let accepted = AcceptEncoding::parse(request).ok()?;
        let offered = [Encoding::brotli(), Encoding::gzip(), Encoding::identity()];
        match accepted.negotiate(offered.iter())? {
            chosen if chosen == Encoding::brotli() => Some(Coding::Brotli),
            chosen if chosen == Encoding::gzip() => Some(Coding::Gzip),
            _ => None,
        }
    }

    pub fn compress(self, body: &[u8]) -> std::io::Result<Bytes> {
        match self {
            Coding::Brotli => {
                let quality = if body.len() <= SMALL_BODY {
                    SMALL_BODY_BROTLI_QUALITY
                } else {
                    BROTLI_QUALITY
                };
                // No larger a window than the body: the encoder's buffers follow it.
                let window_bits =
                    (usize::BITS - body.len().leading_zeros()).clamp(10, BROTLI_WINDOW_BITS);
                let mut encoder = brotli::CompressorWriter::new(
                    Vec::with_capacity(body.len() / 4),
                    body.len().clamp(1024, 32 * 1024),
                    quality,
                    window_bits,
                );
                encoder.write_all(body)?;
                // Ends the stream.
                Ok(crate::memo::right_sized(encoder.into_inner()))
            }
            Coding::Gzip => {
                let mut encoder = flate2::write::GzEncoder::new(
                    Vec::with_capacity(body.len() / 4),
                    flate2::Compression::default(),
                );
                encoder.write_all(body)?;
                Ok(crate::memo::right_sized(encoder.finish()?))
            }
        }
    }
}

/// Compressed copies by (digest of the plain body, coding), within a byte budget.
pub struct CompressedCopies {
    state: Mutex<Copies>,
    budget: usize,
    /// Held while a large body is compressed: concurrent requests for it wait for that
    /// copy rather than each making one (and holding an encoder's memory).
    pub large_compression: tokio::sync::Mutex<()>,
}

struct Copies {
    entries: LruCache<(u128, Coding), Bytes>,
    bytes: usize,
    /// Digests of the small bodies sent plain once.
    sent_plain: LruCache<u128, ()>,
}

impl Default for CompressedCopies {
    fn default() -> Self {
        CompressedCopies::with_budget(BUDGET)
    }
}

impl CompressedCopies {
    pub fn with_budget(budget: usize) -> Self {
        CompressedCopies {
            state: Mutex::new(Copies {
                entries: LruCache::unbounded(),
                bytes: 0,
                sent_plain: LruCache::new(
                    std::num::NonZeroUsize::new(REMEMBERED).unwrap_or(std::num::NonZeroUsize::MIN),
                ),
            }),
            budget,
            large_compression: tokio::sync::Mutex::new(()),
        }
    }

    fn state(&self) -> MutexGuard<'_, Copies> {
        // Poisoned only by a panic in this module's short critical sections: the map
        // itself stays consistent.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The kept copy of a body compressed with `coding`, if any.
    pub fn get(&self, digest: u128, coding: Coding) -> Option<Bytes> {
        self.state().entries.get(&(digest, coding)).cloned()
    }

    /// Whether a body without a kept copy is worth compressing now: a large one always, a
    /// small one once it was sent plain before (in any coding: the next may ask another).
    pub fn worth_compressing(&self, digest: u128, len: usize) -> bool {
        len > FIRST_FLIGHT || self.state().sent_plain.put(digest, ()).is_some()
    }

    /// `body` compressed with `coding`: the kept copy, or a new one (kept if it fits).
    pub fn get_or_compress(
        &self,
        digest: u128,
        coding: Coding,
        body: &[u8],
    ) -> std::io::Result<Bytes> {
        if let Some(copy) = self.get(digest, coding) {
            return Ok(copy);
        }
        // Compressed outside the lock: other requests go on meanwhile.
        let copy = coding.compress(body)?;
        if copy.len() <= self.budget / 8 {
            let mut state = self.state();
            if let Some(replaced) = state.entries.put((digest, coding), copy.clone()) {
                state.bytes -= replaced.len();
            }
            state.bytes += copy.len();
            while state.bytes > self.budget {
                match state.entries.pop_lru() {
                    Some((_, dropped)) => state.bytes -= dropped.len(),
                    None => break,
                }
            }
        }
        Ok(copy)
    }

    #[cfg(test)]
    fn kept_bytes(&self) -> usize {
        self.state().bytes
    }
}

/// actix's `Compress`, which serves the rest of the site, compresses any response that
/// does not name its coding: a body chosen here to leave plain carries `identity` through
/// it, and [`unmark_plain`] takes the mark off afterwards (`identity` is a value of
/// `Accept-Encoding`, not of `Content-Encoding`).
pub fn mark_plain(headers: &mut HeaderMap) {
    headers.insert(CONTENT_ENCODING, HeaderValue::from_static("identity"));
}

/// Wraps `Compress`: removes the mark of [`mark_plain`].
pub async fn unmark_plain(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut res = next.call(req).await?;
    let headers = res.headers_mut();
    if headers
        .get(CONTENT_ENCODING)
        .is_some_and(|coding| coding == "identity")
    {
        headers.remove(CONTENT_ENCODING);
    }
    Ok(res)
}

/// The digest that names a body: in ETags and as the key of its compressed copies. Not
/// cryptographic: it tells apart the versions of one resource, nothing more.
pub fn digest(body: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn small_bodies_are_compressed_from_their_second_request() {
        let copies = CompressedCopies::default();
        let (detail, other) = (digest(b"detail"), digest(b"other"));
        assert!(
            !copies.worth_compressing(detail, 5000),
            "first request: plain"
        );
        assert!(!copies.worth_compressing(other, 5000));
        assert!(copies.worth_compressing(detail, 5000), "asked again");
        assert!(
            copies.worth_compressing(detail, 5000),
            "and again, in another coding"
        );
        assert!(copies.worth_compressing(digest(b"calendar"), FIRST_FLIGHT + 1));
    }

    #[test]
    fn copies_decompress_to_the_body_and_stay_within_budget() {
        let body = "Rencontre départementale des conseils citoyens du Gard. ".repeat(400);
        let copies = CompressedCopies::with_budget(4096);
        let brotli = copies
            .get_or_compress(digest(body.as_bytes()), Coding::Brotli, body.as_bytes())
            .expect("brotli");
        let mut plain = String::new();
        brotli::Decompressor::new(brotli.as_ref(), 4096)
            .read_to_string(&mut plain)
            .expect("brotli decodes");
        assert_eq!(plain, body);
        let gzip = copies
            .get_or_compress(digest(body.as_bytes()), Coding::Gzip, body.as_bytes())
            .expect("gzip");
        let mut plain = String::new();
        flate2::read::GzDecoder::new(gzip.as_ref())
            .read_to_string(&mut plain)
            .expect("gzip decodes");
        assert_eq!(plain, body);
        assert!(copies.kept_bytes() <= 4096);
        for n in 0..50 {
            let other = format!("{body}{n}");
            copies
                .get_or_compress(digest(other.as_bytes()), Coding::Gzip, other.as_bytes())
                .expect("gzip");
            assert!(copies.kept_bytes() <= 4096, "{}", copies.kept_bytes());
        }
    }
}
