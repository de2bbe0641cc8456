//! List labels from numbering.xml: Word stores "一、" or "（二）" not in the text but as a level
//! definition (format + label template such as `（%2）`) that each numbered paragraph points to.
//!
//! Counting follows Word: counters belong to the abstract list, so paragraphs of two w:num
//! instances that share an abstract list continue one sequence unless a w:startOverride restarts
//! it; a paragraph at one level resets the deeper levels. Not handled: level definitions replaced
//! inside w:lvlOverride, lists linked through styles (w:numStyleLink), legal-style (w:isLgl) labels.

use std::collections::{HashMap, HashSet};
use std::io::BufRead;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::attr;
use crate::numerals::{to_counting, to_digits};

const LEVELS: usize = 9;

#[derive(Default)]
pub(crate) struct Numbering {
    /// Level definitions by abstractNumId, indexed by w:ilvl.
    abstracts: HashMap<u32, [Option<Level>; LEVELS]>,
    nums: HashMap<u32, Num>,
    counters: HashMap<u32, [Option<u32>; LEVELS]>,
    /// w:num instances already seen in the body (their start overrides apply once, at first use).
    started: HashSet<u32>,
}

#[derive(Clone, Default)]
struct Level {
    /// ECMA-376: the start value is 0 when w:start is absent.
    start: u32,
    format: String,
    template: String,
    /// w:suff="nothing": no separator between the label and the text.
    no_suffix: bool,
}

struct Num {
    abstract_id: u32,
    start_overrides: HashMap<usize, u32>,
}

fn level_index(v: Option<String>) -> Option<usize> {
    v.and_then(|s| s.parse::<usize>().ok()).filter(|&i| i < LEVELS)
}

impl Numbering {
    pub(crate) fn parse(r: &mut dyn BufRead) -> Result<Numbering, quick_xml::Error> {
        let mut n = Numbering::default();
        let mut reader = Reader::from_reader(r);
        let mut buf = Vec::new();
        let mut abstract_id: Option<u32> = None;
        let mut level: Option<(usize, Level)> = None;
        let mut num: Option<(u32, Num)> = None;
        let mut override_level: Option<usize> = None;
        loop {
            let event = reader.read_event_into(&mut buf)?;
            match &event {
                Event::Start(e) | Event::Empty(e) => {
                    let val = || attr(e, b"val");
                    match e.local_name().as_ref() {
                        b"abstractNum" => abstract_id = attr(e, b"abstractNumId").and_then(|v| v.parse().ok()),
                        b"lvl" if abstract_id.is_some() && num.is_none() => {
                            level = level_index(attr(e, b"ilvl")).map(|i| (i, Level::default()));
                        }
                        b"start" => {
                            if let Some((_, l)) = level.as_mut() {
                                l.start = val().and_then(|v| v.parse().ok()).unwrap_or(0);
                            }
                        }
                        b"numFmt" => {
                            if let Some((_, l)) = level.as_mut() {
                                l.format = val().unwrap_or_default();
                            }
                        }
                        b"lvlText" => {
                            if let Some((_, l)) = level.as_mut() {
                                l.template = val().unwrap_or_default();
                            }
                        }
                        b"suff" => {
                            if let Some((_, l)) = level.as_mut() {
                                l.no_suffix = val().as_deref() == Some("nothing");
                            }
                        }
                        b"num" => {
                            num = attr(e, b"numId")
                                .and_then(|v| v.parse().ok())
                                .map(|id| (id, Num { abstract_id: u32::MAX, start_overrides: HashMap::new() }));
                        }
                        b"abstractNumId" => {
                            if let Some((_, m)) = num.as_mut() {
                                m.abstract_id = val().and_then(|v| v.parse().ok()).unwrap_or(u32::MAX);
                            }
                        }
                        b"lvlOverride" => override_level = level_index(attr(e, b"ilvl")),
                        b"startOverride" => {
                            if let (Some((_, m)), Some(i)) = (num.as_mut(), override_level) {
                                if let Some(s) = val().and_then(|v| v.parse().ok()) {
                                    m.start_overrides.insert(i, s);
                                }
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(e) => match e.local_name().as_ref() {
                    b"lvl" => {
                        if let (Some(id), Some((i, l))) = (abstract_id, level.take()) {
                            n.abstracts.entry(id).or_default()[i] = Some(l);
                        }
                    }
                    b"abstractNum" => abstract_id = None,
                    b"lvlOverride" => override_level = None,
                    b"num" => {
                        if let Some((id, m)) = num.take() {
                            n.nums.insert(id, m);
                        }
                    }
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        Ok(n)
    }

    /// The label of the next paragraph of list `num_id` at level `ilvl`, advancing the counters;
    /// `None` for unnumbered paragraphs (numId 0, unknown lists) and bullets.
    pub(crate) fn label(&mut self, num_id: u32, ilvl: u8) -> Option<String> {
        let ilvl = usize::from(ilvl);
        let num = self.nums.get(&num_id)?;
        let levels = self.abstracts.get(&num.abstract_id)?;
        let level = levels.get(ilvl)?.as_ref()?;
        let start_of = |i: usize| {
            num.start_overrides.get(&i).copied().or_else(|| levels[i].as_ref().map(|l| l.start)).unwrap_or(0)
        };

        let counters = self.counters.entry(num.abstract_id).or_default();
        if self.started.insert(num_id) {
            for &i in num.start_overrides.keys() {
                counters[i] = None;
            }
        }
        counters[ilvl] = Some(counters[ilvl].map_or_else(|| start_of(ilvl), |c| c.saturating_add(1)));
        for deeper in counters.iter_mut().skip(ilvl + 1) {
            *deeper = None;
        }

        if matches!(level.format.as_str(), "bullet" | "none") {
            return None;
        }
        let mut label = String::new();
        let mut chars = level.template.chars().peekable();
        while let Some(c) = chars.next() {
            let placeholder = (c == '%').then(|| chars.peek().and_then(|d| d.to_digit(10))).flatten();
            match placeholder {
                Some(d @ 1..=9) => {
                    chars.next();
                    let i = d as usize - 1;
                    let value = counters[i].unwrap_or_else(|| start_of(i));
                    let format = levels[i].as_ref().map_or("decimal", |l| l.format.as_str());
                    label.push_str(&format_number(value, format));
                }
                _ => label.push(c),
            }
        }
        if label.is_empty() {
            return None;
        }
        // "一、" and "（一）" run straight into the text as typed Chinese headings do;
        // "1." gets the space Word's tab or space suffix shows.
        if !level.no_suffix && label.chars().last().is_some_and(|c| c.is_ascii()) {
            label.push(' ');
        }
        Some(label)
    }
}

/// A counter value in one of Word's number formats (ST_NumberFormat); unknown formats as decimal.
fn format_number(n: u32, format: &str) -> String {
    let from_table = |table: &[char]| {
        n.checked_sub(1).and_then(|i| table.get(i as usize)).map_or_else(|| n.to_string(), |c| c.to_string())
    };
    let offset = |first: u32, count: u32| {
        if (1..=count).contains(&n) {
            char::from_u32(first + n - 1).map_or_else(|| n.to_string(), |c| c.to_string())
        } else {
            n.to_string()
        }
    };
    match format {
        "chineseCounting" | "chineseCountingThousand" | "japaneseCounting" | "taiwaneseCounting" => to_counting(n),
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => to_digits(n),
        "chineseLegalSimplified" | "ideographLegalTraditional" | "japaneseLegal" => {
            to_counting(n).chars().map(legal_form).collect()
        }
        "ideographTraditional" => from_table(&['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸']),
        "ideographZodiac" => from_table(&['子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥']),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => offset(0x2460, 20),
        "decimalEnclosedParen" => offset(0x2474, 20),
        "decimalEnclosedFullstop" => offset(0x2488, 20),
        "decimalFullWidth" | "decimalFullWidth2" => {
            n.to_string().chars().map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)).collect()
        }
        "decimalZero" => format!("{n:02}"),
        "upperLetter" => letters(n, b'A'),
        "lowerLetter" => letters(n, b'a'),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        _ => n.to_string(),
    }
}

/// 大写数字 used on financial and legal lists.
fn legal_form(c: char) -> char {
    match c {
        '一' => '壹',
        '二' => '贰',
        '三' => '叁',
        '四' => '肆',
        '五' => '伍',
        '六' => '陆',
        '七' => '柒',
        '八' => '捌',
        '九' => '玖',
        '十' => '拾',
        '百' => '佰',
        '千' => '仟',
        c => c,
    }
}

/// Word's letter lists repeat the letter after Z: A … Z, AA … ZZ, AAA …
fn letters(n: u32, first: u8) -> String {
    if n == 0 || n > 780 {
        return n.to_string();
    }
    let letter = char::from(first + ((n - 1) % 26) as u8);
    std::iter::repeat_n(letter, ((n - 1) / 26 + 1) as usize).collect()
}

fn roman(n: u32) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut rest = n;
    let mut out = String::new();
    for (value, digits) in TABLE {
        while rest >= value {
            out.push_str(digits);
            rest -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        assert_eq!(format_number(12, "chineseCounting"), "十二");
        assert_eq!(format_number(3, "chineseLegalSimplified"), "叁");
        assert_eq!(format_number(2, "ideographTraditional"), "乙");
        assert_eq!(format_number(11, "ideographTraditional"), "11");
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(21, "decimalEnclosedCircle"), "21");
        assert_eq!(format_number(12, "decimalFullWidth"), "１２");
        assert_eq!(format_number(7, "decimalZero"), "07");
        assert_eq!(format_number(28, "upperLetter"), "BB");
        assert_eq!(format_number(14, "lowerRoman"), "xiv");
        assert_eq!(format_number(5, "somethingNew"), "5");
    }
}
