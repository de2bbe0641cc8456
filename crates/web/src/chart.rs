//! Server-rendered SVG charts: no script, nothing fetched, prints as it shows.

/// Grouped bars: for each label, one bar per series. Returns an `<svg>` element.
pub fn bars(labels: &[String], series: &[(&str, &str, Vec<i64>)], height: u32) -> String {
    let n = labels.len().max(1) as u32;
    let group = 56u32;
    let (left, bottom, top) = (36u32, 28u32, 24u32);
    let width = left + n * group + 8;
    let max = series.iter().flat_map(|s| s.2.iter().copied()).max().unwrap_or(0).max(1);
    let plot = height - bottom - top;
    let bar = (group - 12) / series.len().max(1) as u32;
    let mut out = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" class="chart">"#
    );
    // Axis with the maximum marked.
    out.push_str(&format!(
        r##"<line x1="{left}" y1="{top}" x2="{left}" y2="{}" stroke="#999"/><line x1="{left}" y1="{}" x2="{}" y2="{}" stroke="#999"/><text x="{}" y="{}" font-size="11" text-anchor="end" fill="#666">{max}</text>"##,
        height - bottom,
        height - bottom,
        width - 4,
        height - bottom,
        left - 4,
        top + 4
    ));
    for (i, label) in labels.iter().enumerate() {
        let x0 = left + 6 + i as u32 * group;
        for (j, (_, color, values)) in series.iter().enumerate() {
            let v = values.get(i).copied().unwrap_or(0);
            let h = (v as u64 * plot as u64 / max as u64) as u32;
            let x = x0 + j as u32 * bar;
            out.push_str(&format!(
                r#"<rect x="{x}" y="{}" width="{}" height="{h}" fill="{color}"><title>{label}：{v}</title></rect>"#,
                height - bottom - h,
                bar.saturating_sub(2)
            ));
            if v > 0 {
                out.push_str(&format!(
                    r##"<text x="{}" y="{}" font-size="10" text-anchor="middle" fill="#333">{v}</text>"##,
                    x + bar / 2,
                    height - bottom - h - 3
                ));
            }
        }
        out.push_str(&format!(
            r##"<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="#666">{}</text>"##,
            x0 + group / 2 - 6,
            height - bottom + 16,
            escape(label)
        ));
    }
    // Legend.
    let mut lx = left;
    for (name, color, _) in series {
        out.push_str(&format!(
            r##"<rect x="{lx}" y="4" width="10" height="10" fill="{color}"/><text x="{}" y="13" font-size="11" fill="#333">{}</text>"##,
            lx + 14,
            escape(name)
        ));
        lx += 90;
    }
    out.push_str("</svg>");
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    #[test]
    fn bars_scale_to_the_largest_value() {
        let svg = super::bars(
            &["2026-10".into(), "2026-11".into()],
            &[("交办", "#1456f0", vec![10, 5]), ("办结", "#2e7d32", vec![4, 0])],
            200,
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        // The tallest bar spans the whole plot (200 - 28 - 24 = 148), the half-size one half of it.
        assert!(svg.contains(r##"height="148" fill="#1456f0""##), "{svg}");
        assert!(svg.contains(r##"height="74" fill="#1456f0""##));
        assert_eq!(svg.matches("<rect").count(), 4 + 2, "four bars and two legend keys");
        assert!(svg.contains(">2026-11</text>"), "month labels under the bars");
    }
}
