//! Outlines of the three speeches in ../shared/corpus/speeches (web copies, boilerplate left in),
//! each checked against the outline a reader sees in it.

use std::path::PathBuf;

use zs_office::{outline, NoOutline, Outline, Point};

fn speech(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/speeches").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// "number title" of each point of a level.
fn heads(points: &[Point]) -> Vec<String> {
    points.iter().map(|p| format!("{} {}", p.number, p.title)).collect()
}

fn has(point: &Point, start: &str) -> bool {
    point.requirements.iter().any(|r| r.starts_with(start))
}

fn all_requirements(o: &Outline) -> Vec<String> {
    fn walk(points: &[Point], out: &mut Vec<String>) {
        for p in points {
            out.extend(p.requirements.iter().cloned());
            walk(&p.points, out);
        }
    }
    let mut out = Vec::new();
    walk(&o.points, &mut out);
    out
}

/// 在全市党政办公室主任培训班上的讲话: five points 一要 … 五要, each opening with its title
/// sentence and no sub-points.
#[test]
fn office_directors_training_speech() {
    let o = outline(&speech("office-directors-training-speech.txt")).unwrap();
    assert_eq!(
        heads(&o.points),
        vec![
            "一要 坚守信念，忠诚为先",
            "二要 胸怀大局，服务发展",
            "三要 勇于担当，恪尽职守",
            "四要 淡泊名利，甘于奉献",
            "五要 严于自律，清白做人",
        ]
    );
    assert!(o.points.iter().all(|p| p.level == 1 && p.points.is_empty()));
    let p = &o.points;
    assert!(has(&p[0], "另一方面，要不断强化理论武装"));
    assert!(has(&p[1], "要围绕大局抓好落实") && has(&p[1], "要围绕大局搞好保障"));
    let three: Vec<&str> = p[2].requirements.iter().filter(|r| r.starts_with("要强化")).map(|r| &r[..15]).collect();
    assert_eq!(three, vec!["要强化责任", "要强化担当", "要强化底线"]);
    assert!(has(&p[4], "一定要时刻绷紧廉洁自律这根弦"));
    // Statements of fact are not requirements.
    assert!(!has(&p[2], "办公室工作无小事"));
    // The site's boilerplate and the preamble belong to no point.
    assert!(all_requirements(&o).iter().all(|r| !r.contains("会员") && !r.contains("培训班是经市委同意举办的")));
}

/// 在县委办党支部2022年度组织生活会上的讲话: four headed points 一、 … 四、. Their paragraphs open
/// with unnumbered lead sentences (要坚定理想信念。 要大力发扬……的作风。 党内生活要持续严。), which
/// are requirements, not sub-points; "其次是……再次是……" inside a paragraph is no sequence.
#[test]
fn party_branch_meeting_speech() {
    let o = outline(&speech("party-branch-meeting-speech.txt")).unwrap();
    assert_eq!(
        heads(&o.points),
        vec![
            "一、 围绕固本抓理论学习，进一步汲取信仰之力",
            "二、 围绕目标抓问题整改，进一步夯实工作之基",
            "三、 围绕职能抓服务提升，进一步引领作风之变",
            "四、 围绕细节抓防微杜渐，进一步担好落实之责",
        ]
    );
    assert!(o.points.iter().all(|p| p.points.is_empty()));
    let p = &o.points;
    for lead in ["要坚定理想信念", "要锤炼党性修养", "要做实学用结合"] {
        assert!(p[0].requirements.iter().any(|r| r == lead), "{lead}");
    }
    for lead in ["要深查自身问题", "要深照指出问题", "要深挖班子问题"] {
        assert!(p[1].requirements.iter().any(|r| r == lead), "{lead}");
    }
    let styles: Vec<&String> = p[2].requirements.iter().filter(|r| r.starts_with("要大力发扬")).collect();
    assert_eq!(
        styles,
        vec![
            "要大力发扬忠于职守的作风",
            "要大力发扬勤于学习的作风",
            "要大力发扬乐于奉献的作风",
            "要大力发扬敏于执行的作风",
            "要大力发扬勇于创新的作风",
            "要大力发扬笃于务实的作风",
        ]
    );
    for lead in ["党内生活要持续严", "政治规矩要长久立", "廉洁自律要终身守"] {
        assert!(p[3].requirements.iter().any(|r| r == lead), "{lead}");
    }
    // The closing paragraph (同志们，……) is not part of point 四.
    assert!(!has(&p[3], "大家一定要充分用好这次组织生活会成果"));
    assert!(all_requirements(&o).iter().all(|r| !r.contains("大家一定要充分用好")));
}

/// 在党政办公室业务工作培训会上的开班讲话, a web copy cut off by the site after point 二: two
/// headed points, each with a run of 一是 / 二是 … sub-points on their own paragraphs.
#[test]
fn training_opening_speech() {
    let o = outline(&speech("training-opening-speech.txt")).unwrap();
    assert_eq!(
        heads(&o.points),
        vec!["一、 提高思想认识,增强学习的自觉性和主动性", "二、 检视工作不足,找准提升的方向性和紧迫性"]
    );
    assert_eq!(
        heads(&o.points[0].points),
        vec![
            "一是 顺应XX高质量发展的必然要求",
            "二是 提升新时代\"三服务\"能力的客观需要",
            "三是 有利于加强办公室系统干部队伍建设",
        ]
    );
    assert_eq!(
        heads(&o.points[1].points),
        vec!["一是 全局观念还不够强", "二是 工作作风还不够实", "三是 跟踪落实还不够紧", "四是 学习劲头还不够足"]
    );
    assert!(o.points[1].points.iter().all(|p| p.level == 2));
    let one = &o.points[0];
    assert!(has(one, "因此,大家要切实提高思想认识"));
    assert!(has(&one.points[0], "这就要求各级办公室切实增强责任感和使命感"));
    assert!(has(&one.points[2], "要培养这样一支干部队伍"));
    assert!(one.points[1].requirements.is_empty(), "{:?}", one.points[1].requirements);
}

#[test]
fn a_speech_without_numbering_has_no_outline() {
    // The party-branch speech with its four headings taken out: its 要… sentences remain, but
    // nothing numbers them, so no outline is made up.
    let text: String = speech("party-branch-meeting-speech.txt")
        .lines()
        .filter(|l| !["一、", "二、", "三、", "四、"].iter().any(|n| l.starts_with(n)))
        .map(|l| format!("{l}\n"))
        .collect();
    let err = outline(&text).unwrap_err();
    assert_eq!(err, NoOutline);
    assert!(err.to_string().contains("没有识别出讲话提纲"));
}

#[test]
fn a_flood_of_markers_is_read_once() {
    // One 100,000-character paragraph repeating "一是……；二是……": one run of two points, the
    // repeats continue no sequence.
    let flood = "一是加强学习；二是改进作风；".repeat(7_000);
    let o = outline(&flood).unwrap();
    assert_eq!(heads(&o.points), vec!["一是 加强学习", "二是 改进作风"]);
    // Thousands of unconfirmed 1s of two families between each other.
    let unconfirmed = "。一是甲。一要乙".repeat(10_000);
    assert_eq!(outline(&unconfirmed), Err(NoOutline));
}
