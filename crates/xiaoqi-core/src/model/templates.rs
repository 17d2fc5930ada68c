//! The clauses a new agreement starts from, one template per kind. Staff edit them in the app;
//! the template only saves typing the parts every agreement of the kind has.

use super::{AgreementKind, Clause};

fn c(title: &str, body: &str) -> Clause {
    Clause {
        title: title.to_string(),
        body: body.to_string(),
    }
}

/// The template clauses of an agreement kind.
pub fn clauses(kind: AgreementKind) -> Vec<Clause> {
    let mut out = vec![c(
        "合作宗旨",
        "为深化产教融合、校企合作，发挥双方优势，培养符合产业需要的高技能人才，经友好协商，双方订立本协议。",
    )];
    out.extend(match kind {
        AgreementKind::Cooperation => vec![
            c(
                "合作内容",
                "双方在专业建设、课程开发、实习实训、师资培养、毕业生就业等方面开展合作。",
            ),
            c(
                "甲方职责",
                "甲方按乙方岗位需求组织教学，推荐优秀学生到乙方实习、就业，并指派教师跟踪管理。",
            ),
            c(
                "乙方职责",
                "乙方提供实习岗位和技术指导，参与人才培养方案制定，优先录用甲方合格毕业生。",
            ),
        ],
        AgreementKind::OrderClass => vec![
            c(
                "班级设置",
                "双方共同组建订单班（冠名班），班级名称、人数及专业方向由双方商定。",
            ),
            c(
                "培养方案",
                "乙方参与制定培养方案和课程标准，派出技术人员承担部分专业课程和实训教学。",
            ),
            c(
                "奖助与就业",
                "乙方为订单班学生设立奖助学金；学生毕业考核合格的，乙方按约定录用。",
            ),
        ],
        AgreementKind::Apprenticeship => vec![
            c(
                "学徒身份",
                "学生具有学徒与学生双重身份，由甲乙双方共同制定学徒培养计划。",
            ),
            c(
                "双导师制",
                "甲方指派专业教师、乙方指派企业师傅，共同承担学徒的教学与岗位培养。",
            ),
            c(
                "学徒权益",
                "乙方依法保障学徒的劳动安全和合法权益，按约定支付学徒报酬并购买相应保险。",
            ),
        ],
        AgreementKind::TrainingBase => vec![
            c(
                "基地建设",
                "双方共建人才培养（实训）基地，基地名称、场地、设备投入及建设周期由双方商定。",
            ),
            c(
                "运行管理",
                "基地由双方共同管理，用于学生实训、教师实践、员工培训和技能鉴定。",
            ),
            c(
                "成果共享",
                "基地建设形成的课程、教材、标准等成果由双方共享，使用方式另行约定。",
            ),
        ],
        AgreementKind::Research => vec![
            c(
                "合作方向",
                "双方围绕人工智能、机器人等领域开展技术研发、成果转化和技能人才培养合作。",
            ),
            c(
                "人员交流",
                "乙方接收甲方教师访学和毕业生就业，甲方为乙方科研项目提供技能支持。",
            ),
            c(
                "知识产权",
                "合作中产生的知识产权归属及收益分配，由双方在具体项目协议中约定。",
            ),
        ],
    });
    out.extend([
        c(
            "协议期限",
            "本协议自双方签字盖章之日起生效，有效期至协议载明的结束日期。期满前双方可协商续签。",
        ),
        c(
            "其他",
            "本协议未尽事宜由双方协商解决。本协议一式两份，双方各执一份，具有同等法律效力。",
        ),
    ]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_template_with_titled_clauses() {
        for kind in AgreementKind::ALL {
            let list = clauses(kind);
            assert!(list.len() >= 5, "{kind:?}");
            assert!(
                list.iter()
                    .all(|c| !c.title.is_empty() && !c.body.is_empty())
            );
        }
        assert_ne!(
            clauses(AgreementKind::OrderClass),
            clauses(AgreementKind::Research)
        );
    }
}
