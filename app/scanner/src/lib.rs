//! Reads check-in QR codes from camera frames. Built as a wasm module of its own and fetched
//! by the check-in page only when staff open the camera, so that visitors of every other page
//! do not download a QR reader (about 100 KiB compressed) they never use.

use wasm_bindgen::prelude::*;

/// The text of the first readable QR code in an RGBA picture (one camera frame), if any.
#[wasm_bindgen]
pub fn read_qr(width: usize, height: usize, rgba: &[u8]) -> Option<String> {
    if rgba.len() < width * height * 4 {
        return None;
    }
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
        let i = (y * width + x) * 4;
        // Brightness by the usual weights of red, green and blue (ITU-R BT.601).
        ((u32::from(rgba[i]) * 299 + u32::from(rgba[i + 1]) * 587 + u32::from(rgba[i + 2]) * 114) / 1000) as u8
    });
    image.detect_grids().into_iter().find_map(|grid| grid.decode().ok().map(|(_, text)| text))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A check-in code as the personal page shows it, photographed grey on light grey with a margin.
    fn picture_of(code: &str, scale: usize, margin: usize) -> (usize, Vec<u8>) {
        let qr = qrcode::QrCode::new(code.as_bytes()).unwrap();
        let modules = qr.width();
        let colors = qr.to_colors();
        let size = modules * scale + 2 * margin;
        let mut rgba = vec![0u8; size * size * 4];
        for y in 0..size {
            for x in 0..size {
                let (mx, my) = (x.wrapping_sub(margin) / scale, y.wrapping_sub(margin) / scale);
                let dark = x >= margin && y >= margin && mx < modules && my < modules && colors[my * modules + mx] == qrcode::Color::Dark;
                let v = if dark { 40 } else { 215 };
                rgba[(y * size + x) * 4..][..4].copy_from_slice(&[v, v, v, 255]);
            }
        }
        (size, rgba)
    }

    #[test]
    fn a_check_in_code_is_read_back_from_a_picture_of_its_qr_code() {
        let (size, rgba) = picture_of("1234-0a1b2c3d4e", 6, 40);
        assert_eq!(read_qr(size, size, &rgba).as_deref(), Some("1234-0a1b2c3d4e"));
    }

    #[test]
    fn a_code_made_to_be_read_aloud_is_read_back_too() {
        let (size, rgba) = picture_of("K7Q-X4M-X9P", 6, 40);
        assert_eq!(read_qr(size, size, &rgba).as_deref(), Some("K7Q-X4M-X9P"));
    }

    #[test]
    fn a_picture_without_a_code_reads_nothing() {
        let (size, mut rgba) = picture_of("1234-0a1b2c3d4e", 6, 40);
        rgba.iter_mut().for_each(|v| *v = 200);
        assert_eq!(read_qr(size, size, &rgba), None);
        assert_eq!(read_qr(size, size, &rgba[..16]), None, "a short buffer is no picture");
    }
}
