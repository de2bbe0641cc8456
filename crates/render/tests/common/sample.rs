//! Sample documents, shared by the tests and the benchmark (`#[path]`-included there).
#![allow(dead_code)]

use zs_render::{Attachment, Block, Doc, MinutesMeta, Variant};

/// A paragraph of plain text (no digits or Latin, so every character takes one grid cell).
pub const PARA: &str = "为深入贯彻落实党中央、国务院关于优化营商环境的决策部署，进一步激发市场主体活力，\
经县人民政府同意，现就有关事项通知如下。各乡镇、各部门要高度重视，认真组织实施，确保各项措施落到实处、取得实效，\
切实做到件件有着落、事事有回音。";

/// A 通知 of three pages (main text and 版记) and two attachments of one page each.
pub fn notice() -> Doc {
    let mut body = vec![Block::heading(1, "一、总体要求")];
    for i in 0..3 {
        body.push(Block::para(format!("{PARA}（{}）", i + 1)));
    }
    body.push(Block::heading(2, "（一）工作目标"));
    for _ in 0..2 {
        body.push(Block::para(PARA));
    }
    body.push(Block::heading(1, "二、主要任务"));
    body.push(Block::heading(3, "1.推进“一网通办”"));
    for _ in 0..2 {
        body.push(Block::para(PARA));
    }
    body.push(Block::heading(4, "（1）压缩办理时限"));
    body.push(Block::para("2026年12月31日前，企业开办时间压缩至1个工作日以内，不动产登记时间压缩至3个工作日以内。"));
    Doc {
        variant: Variant::Standard,
        copy_no: Some("12".into()),
        classification: Some("工作秘密".into()),
        urgency: Some("特急".into()),
        issuer_mark: "青禾县人民政府文件".into(),
        doc_number: Some("青政发〔2026〕12号".into()),
        signers: vec![],
        title: "青禾县人民政府关于进一步优化营商环境\n激发市场主体活力的通知".into(),
        to: "各乡镇人民政府，县政府各部门".into(),
        body,
        attachment_notes: vec!["优化营商环境重点任务分工表".into(), "优化营商环境工作联系人名单".into()],
        signature: "青禾县人民政府".into(),
        dated: "2026年11月22日".into(),
        note: Some("（联系人：张三，电话：1234567）".into()),
        attachments: vec![
            Attachment {
                label: "附件1".into(),
                title: "优化营商环境重点任务分工表".into(),
                body: (0..3).map(|_| Block::para(PARA)).collect(),
            },
            Attachment {
                label: "附件2".into(),
                title: "优化营商环境工作联系人名单".into(),
                body: vec![
                    Block::para("县政府办公室：李四，电话：7654321。"),
                    Block::para("县发展改革局：王五，电话：7654322。"),
                ],
            },
        ],
        cc: vec![
            "县委各部门".into(),
            "县人大常委会办公室".into(),
            "县政协办公室".into(),
            "县法院".into(),
            "县检察院".into(),
        ],
        printer: "青禾县人民政府办公室".into(),
        print_date: "2026年11月22日".into(),
        draft: false,
        minutes: None,
        stamp: None,
    }
}

/// A short document of the given variant.
pub fn short(variant: Variant) -> Doc {
    let mut doc = notice();
    doc.variant = variant;
    doc.body = vec![Block::para(PARA), Block::para(PARA)];
    doc.attachments.clear();
    doc.attachment_notes.clear();
    match variant {
        Variant::Order => {
            doc.issuer_mark = "青禾县人民政府令".into();
            doc.doc_number = Some("第3号".into());
            doc.signature = "县长　李四".into();
        }
        Variant::Minutes => {
            doc.issuer_mark = "青禾县人民政府常务会议纪要".into();
            doc.doc_number = Some("第12期".into());
            doc.minutes = Some(MinutesMeta {
                present: vec!["李四".into(), "王五".into(), "赵六".into()],
                on_leave: vec!["钱七".into()],
                attending: vec!["县发展改革局孙八".into(), "县财政局周九".into()],
            });
        }
        Variant::Letter => {
            doc.issuer_mark = "青禾县人民政府办公室".into();
            doc.doc_number = Some("青政办函〔2026〕5号".into());
        }
        Variant::Journal => {
            doc.issuer_mark = "青禾政务信息".into();
            doc.doc_number = Some("2026年第12期".into());
            doc.printer = "青禾县人民政府办公室编".into();
            doc.dated = "2026年11月23日".into();
            doc.cc = vec!["市委办公室".into(), "市政府办公室".into()];
        }
        Variant::Standard => {}
    }
    doc
}
