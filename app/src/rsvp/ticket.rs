//! The picture of a check-in code that guests show at the entrance: its QR code on the
//! personal page (SVG) and in the confirmation mail (PNG, which every mail program shows).

/// The check-in code's QR code as an SVG image for an `<img src>`.
pub fn qr_data_url(code: &str) -> String {
    use base64::Engine as _;
    let svg = qrcode::QrCode::new(code.as_bytes())
        .map(|qr| qr.render::<qrcode::render::svg::Color>().min_dimensions(200, 200).build())
        .unwrap_or_default();
    format!("data:image/svg+xml;base64,{}", base64::engine::general_purpose::STANDARD.encode(svg))
}

/// The check-in code as a QR code in a PNG picture, for mail: black on white, 8 pixels a
/// module with the 4-module quiet zone scanners need, one bit a pixel (quick to compress).
pub fn qr_png(code: &str) -> Vec<u8> {
    use std::io::Write as _;
    const SCALE: usize = 8;
    const QUIET: usize = 4;
    let Some((modules, colors)) = qr_modules(code) else { return Vec::new() };
    let size = (modules + 2 * QUIET) * SCALE;
    // One bit a pixel (1: white), rows of whole bytes, each after its filter byte (0: none).
    let row_bytes = size.div_ceil(8);
    let mut raw = vec![0u8; size * (row_bytes + 1)];
    for y in 0..size {
        let my = (y / SCALE).wrapping_sub(QUIET);
        let row = &mut raw[y * (row_bytes + 1) + 1..][..row_bytes];
        for x in 0..size {
            let mx = (x / SCALE).wrapping_sub(QUIET);
            let dark = mx < modules && my < modules && colors[my * modules + mx] == qrcode::Color::Dark;
            if !dark {
                row[x / 8] |= 0x80 >> (x % 8);
            }
        }
    }
    let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let _ = zlib.write_all(&raw);
    let data = zlib.finish().unwrap_or_default();
    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&(size as u32).to_be_bytes());
    header.extend_from_slice(&(size as u32).to_be_bytes());
    header.extend_from_slice(&[1, 0, 0, 0, 0]); // 1-bit greyscale, deflate, no filter choice, no interlace
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, body) in [(b"IHDR", &header[..]), (b"IDAT", &data[..]), (b"IEND", &[][..])] {
        png.extend_from_slice(&(body.len() as u32).to_be_bytes());
        let start = png.len();
        png.extend_from_slice(kind);
        png.extend_from_slice(body);
        let crc = crc32fast::hash(&png[start..]);
        png.extend_from_slice(&crc.to_be_bytes());
    }
    png
}

/// The QR code of `text` as (modules a side, modules row by row). One fixed mask instead of
/// the best of eight: the mask only tunes how evenly a code reads, and trying all eight cost
/// 140 µs a mail inside the write that confirms an RSVP.
fn qr_modules(text: &str) -> Option<(usize, Vec<qrcode::Color>)> {
    use qrcode::{
        EcLevel,
        canvas::{Canvas, MaskPattern},
    };
    let bits = qrcode::bits::encode_auto(text.as_bytes(), EcLevel::M).ok()?;
    let version = bits.version();
    let (data, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M).ok()?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    canvas.apply_mask(MaskPattern::Checkerboard);
    Some((version.width() as usize, canvas.into_colors()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_personal_page_gets_an_svg_image() {
        assert!(qr_data_url("42-0a1b2c3d4e").starts_with("data:image/svg+xml;base64,"));
    }

    #[test]
    fn the_check_in_picture_for_mail_is_a_png_whose_qr_code_reads_back_as_the_code() {
        // A code read aloud (capitals, digits and dashes: the QR code's compact alphanumeric mode) and one mailed before.
        for code in ["K7Q-X4M-X9P", "42-0a1b2c3d4e"] {
            png_reads_back(code.to_string());
        }
    }

    fn png_reads_back(code: String) {
        use std::io::Read as _;
        let png = qr_png(&code);
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let size = u32::from_be_bytes(png[16..20].try_into().unwrap()) as usize;
        // Chunks: IHDR (25 bytes from offset 8), then IDAT.
        let idat_len = u32::from_be_bytes(png[33..37].try_into().unwrap()) as usize;
        assert_eq!(&png[37..41], b"IDAT");
        let mut raw = Vec::new();
        flate2::read::ZlibDecoder::new(&png[41..41 + idat_len]).read_to_end(&mut raw).unwrap();
        let row_bytes = size.div_ceil(8);
        assert_eq!(raw.len(), size * (row_bytes + 1), "one filter byte and {size} pixels a row");
        let grey = |x: usize, y: usize| if raw[y * (row_bytes + 1) + 1 + x / 8] & (0x80 >> (x % 8)) != 0 { 255 } else { 0 };
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(size, size, grey);
        let read: Vec<String> = image.detect_grids().into_iter().filter_map(|g| g.decode().ok().map(|(_, text)| text)).collect();
        assert_eq!(read, vec![code]);
        assert!(png.ends_with(&[0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xae, 0x42, 0x60, 0x82]), "a well-formed end chunk");
    }
}
