//! A QR code as an inline SVG (Nayuki's `qrcodegen` encodes; this only draws): one path of dark
//! modules with the four-module quiet zone the standard asks for, so phones read it off a screen.

use qrcodegen::{QrCode, QrCodeEcc};

/// The SVG of `text`, or `None` when it is too long for any QR version.
pub fn svg(text: &str, pixels: u32) -> Option<String> {
    let qr = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let n = qr.size();
    let border = 4;
    let mut path = String::new();
    for y in 0..n {
        for x in 0..n {
            if qr.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + border, y + border));
            }
        }
    }
    let side = n + 2 * border;
    Some(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" width="{pixels}" height="{pixels}" shape-rendering="crispEdges" role="img" aria-label="签到二维码" class="qr"><rect width="{side}" height="{side}" fill="#fff"/><path d="{path}" fill="#000"/></svg>"##
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_qr_code_has_finder_patterns_and_a_quiet_zone() {
        let s = super::svg("http://127.0.0.1:8080/meetings/0192/checkin?code=123456", 240).unwrap();
        assert!(s.starts_with("<svg") && s.ends_with("</svg>"));
        // The top-left finder pattern's first dark module sits right after the quiet zone.
        assert!(s.contains("M4,4h1v1h-1z"), "{s}");
        assert!(!s.contains("M3,"), "nothing dark in the quiet zone");
        assert!(super::svg(&"x".repeat(5000), 240).is_none(), "too long for any version");
    }
}
