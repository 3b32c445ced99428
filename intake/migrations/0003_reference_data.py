"""Reference data from the Danzhou rules (seed/000_72092c6064ea21d7.txt, part 2).

Loads the bureaus named in the rules, the eighteen areas of special treatment, their
routing (lead, co-lead and participating units in the order of the rules) and the
questions a resident answers for each area. Everything is keyed on codes, so running the
forward step again updates rows instead of duplicating them; the reverse step deletes what
the forward step created.

Plain literals only: a migration must not import application code.
"""

from django.db import migrations

# --- Bureaus -------------------------------------------------------------------------
# (code, Chinese name exactly as in the rules, English name, kind, parent code)
# 市政法委 (row 15) and 市委政法委 (rows 3 and 12) are the same body: one bureau,
# `politics_law`, named as in the rows where it leads.

BUREAUS = [
    # Triage and supervision.
    (
        "complaint_centre",
        "市投诉举报中心",
        "Danzhou Complaint and Reporting Centre",
        "complaint_centre",
        None,
    ),
    ("civilisation_office", "市文明办", "Danzhou Civilisation Office", "supervision", None),
    # Units named in the table of the eighteen areas, in order of first appearance.
    ("psb", "市公安局", "Danzhou Public Security Bureau", "bureau", None),
    ("ndrc", "市发改委", "Danzhou Development and Reform Commission", "bureau", None),
    ("cac", "市网信办", "Danzhou Cyberspace Affairs Office", "bureau", None),
    ("court", "市人民法院", "Danzhou People's Court", "bureau", None),
    ("finance_office", "市金融办", "Danzhou Financial Work Office", "bureau", None),
    ("miit", "市工信局", "Danzhou Bureau of Industry and Information Technology", "bureau", None),
    ("banks", "各银行", "All banks", "group", None),
    (
        "politics_law",
        "市委政法委",
        "Political and Legal Affairs Commission of the CPC Danzhou Committee",
        "bureau",
        None,
    ),
    ("procuratorate", "市检察院", "Danzhou People's Procuratorate", "bureau", None),
    ("land", "市国土局", "Danzhou Land and Resources Bureau", "bureau", None),
    ("banking_regulator", "儋州银监办", "Danzhou Banking Regulatory Office", "bureau", None),
    (
        "admin_enforcement",
        "市综合行政执法局",
        "Danzhou Comprehensive Administrative Law Enforcement Bureau",
        "bureau",
        None,
    ),
    ("ecology", "市环保局", "Danzhou Environmental Protection Bureau", "bureau", None),
    ("gov_services", "市政务中心", "Danzhou Government Affairs Service Centre", "bureau", None),
    ("industry_commerce", "市工商局", "Danzhou Administration for Industry and Commerce", "bureau", None),
    ("civil_affairs", "市民政局", "Danzhou Civil Affairs Bureau", "bureau", None),
    ("tax", "市税务局", "Danzhou Taxation Bureau", "bureau", None),
    ("health", "市卫计委", "Danzhou Health and Family Planning Commission", "bureau", None),
    ("hrss", "市人社局", "Danzhou Human Resources and Social Security Bureau", "bureau", None),
    ("justice", "市司法局", "Danzhou Justice Bureau", "bureau", None),
    ("telecom_company", "市电信公司", "China Telecom Danzhou Branch", "bureau", None),
    ("towns", "各镇", "All towns", "group", None),
    ("finance_bureau", "市财政局", "Danzhou Finance Bureau", "bureau", None),
    ("poverty_relief", "市扶贫办", "Danzhou Poverty Alleviation Office", "bureau", None),
    ("drug_admin", "市食药监", "Danzhou Food and Drug Administration", "bureau", None),
    ("tourism", "市旅游委", "Danzhou Tourism Development Commission", "bureau", None),
    ("price", "市物价局", "Danzhou Price Bureau", "bureau", None),
    ("housing", "市住建局", "Danzhou Housing and Urban-Rural Development Bureau", "bureau", None),
    ("transport", "市交通局", "Danzhou Transport Bureau", "bureau", None),
    ("culture_sports", "市文体局", "Danzhou Culture and Sports Bureau", "bureau", None),
    # Other bodies named in the rules (part 3, publicity and education).
    ("publicity", "市委宣传部", "Publicity Department of the CPC Danzhou Committee", "bureau", None),
    ("education", "市教育局", "Danzhou Education Bureau", "bureau", None),
    ("broadcasting", "广播电视台", "Danzhou Radio and Television Station", "bureau", None),
    ("news_centre", "市新闻中心", "Danzhou News Centre", "bureau", None),
    # Members of the group 各银行: Danzhou branches of the large state banks.
    (
        "bank_icbc",
        "中国工商银行儋州分行",
        "Industrial and Commercial Bank of China, Danzhou Branch",
        "member",
        "banks",
    ),
    ("bank_abc", "中国农业银行儋州分行", "Agricultural Bank of China, Danzhou Branch", "member", "banks"),
    ("bank_boc", "中国银行儋州分行", "Bank of China, Danzhou Branch", "member", "banks"),
    ("bank_ccb", "中国建设银行儋州分行", "China Construction Bank, Danzhou Branch", "member", "banks"),
    (
        "bank_psbc",
        "中国邮政储蓄银行儋州市分行",
        "Postal Savings Bank of China, Danzhou Branch",
        "member",
        "banks",
    ),
    # Members of the group 各镇: the towns of Danzhou.
    ("town_nada", "那大镇", "Nada Town", "member", "towns"),
    ("town_heqing", "和庆镇", "Heqing Town", "member", "towns"),
    ("town_nanfeng", "南丰镇", "Nanfeng Town", "member", "towns"),
    ("town_dacheng", "大成镇", "Dacheng Town", "member", "towns"),
    ("town_yaxing", "雅星镇", "Yaxing Town", "member", "towns"),
    ("town_lanyang", "兰洋镇", "Lanyang Town", "member", "towns"),
    ("town_guangcun", "光村镇", "Guangcun Town", "member", "towns"),
    ("town_mutang", "木棠镇", "Mutang Town", "member", "towns"),
    ("town_haitou", "海头镇", "Haitou Town", "member", "towns"),
    ("town_eman", "峨蔓镇", "Eman Town", "member", "towns"),
    ("town_wangwu", "王五镇", "Wangwu Town", "member", "towns"),
    ("town_baimajing", "白马井镇", "Baimajing Town", "member", "towns"),
    ("town_zhonghe", "中和镇", "Zhonghe Town", "member", "towns"),
    ("town_paipu", "排浦镇", "Paipu Town", "member", "towns"),
    ("town_dongcheng", "东成镇", "Dongcheng Town", "member", "towns"),
    ("town_xinzhou", "新州镇", "Xinzhou Town", "member", "towns"),
]

# --- Questions helpers ---------------------------------------------------------------

YES_NO = [
    {"key": "yes", "name": "是", "name_en": "Yes"},
    {"key": "no", "name": "否", "name_en": "No"},
    {"key": "unknown", "name": "不清楚", "name_en": "Not sure"},
]

OTHER = {"key": "other", "name": "其他", "name_en": "Other"}


def q(code, text, text_en, datatype="text", required=False, choices=None):
    """One question as a dict; position is its index in the area's list."""
    return {
        "code": code,
        "text": text,
        "text_en": text_en,
        "datatype": datatype,
        "required": required,
        "choices": choices or [],
    }


def c(key, name, name_en):
    return {"key": key, "name": name, "name_en": name_en}


# --- Areas, routing and questions ----------------------------------------------------
# `leads`: the lead units (牵头单位) in the order of the rules; the first is the lead,
# the others co-leads. `participants`: the participating units (参与单位) in order.

AREAS = [
    {
        "code": "telecom_fraud",
        "number": 1,
        "name": "电信网络诈骗",
        "name_en": "Telecom and online fraud",
        "summary": "有人通过电话、短信、微信QQ或钓鱼网站骗您转账、扣您的费或窃取您的信息，请举报诈骗号码和账号。",
        "summary_en": (
            "Someone used phone calls, text messages, WeChat/QQ or a fake website to trick you into "
            "paying, charged you without consent or stole your information. Report the numbers and "
            "accounts they used."
        ),
        "publish_description": False,
        "leads": ["psb", "ndrc"],
        "participants": ["cac", "court", "finance_office", "miit", "banks"],
        "questions": [
            q("fraud_number", "诈骗电话号码或账号", "The fraudster's phone number or account", required=True),
            q("amount_lost", "损失金额（元）", "Amount lost (yuan)", "number"),
            q("occurred_date", "被骗日期", "Date of the fraud", "date"),
            q(
                "contact_method",
                "对方通过什么方式联系您",
                "How did they contact you",
                "choice",
                choices=[
                    c("phone_call", "电话", "Phone call"),
                    c("sms", "短信", "Text message (SMS)"),
                    c("wechat_qq", "微信/QQ", "WeChat/QQ"),
                    c("website_app", "网站/App", "Website or app"),
                    OTHER,
                ],
            ),
        ],
    },
    {
        "code": "online_rumours",
        "number": 2,
        "name": "互联网虚假信息、造谣传谣",
        "name_en": "False information and rumours online",
        "summary": "网站、微信、微博、论坛或直播平台上编造、传播虚假的险情、疫情、灾情、警情，或发布虚假的招聘、婚恋、医疗、房产等信息。",
        "summary_en": (
            "Made-up news about accidents, epidemics, disasters or police incidents spread on websites, "
            "WeChat, Weibo, forums or live-streaming, or false job, dating, medical or property adverts."
        ),
        "publish_description": False,
        "leads": ["psb", "ndrc"],
        "participants": ["cac", "court", "miit"],
        "questions": [
            q(
                "link_or_account",
                "发布虚假信息的网址或账号",
                "Link or account that posted the false information",
                required=True,
            ),
            q(
                "platform",
                "在哪个平台看到",
                "Where did you see it",
                "choice",
                choices=[
                    c("wechat", "微信", "WeChat"),
                    c("weibo", "微博", "Weibo"),
                    c("forum", "论坛/贴吧", "Forum"),
                    c("live_stream", "直播/短视频平台", "Live-streaming or short-video platform"),
                    c("website", "其他网站/App", "Other website or app"),
                    OTHER,
                ],
            ),
            q(
                "topic",
                "虚假信息的内容",
                "What the false information is about",
                "choice",
                choices=[
                    c("emergency", "险情、疫情、灾情", "Accidents, epidemics or disasters"),
                    c("police", "警情", "Police incidents"),
                    c(
                        "adverts",
                        "招聘、婚恋、旅游、医疗、房产等虚假信息",
                        "False jobs, dating, travel, medical or property adverts",
                    ),
                    OTHER,
                ],
            ),
            q("seen_date", "首次看到的日期", "Date you first saw it", "date"),
        ],
    },
    {
        "code": "fraud_blacklist_controls",
        "number": 3,
        "name": "“七个一律”管控",
        "name_en": "“Seven musts” controls on blacklisted telecom-fraud persons",
        "summary": "被列入电信网络诈骗黑名单的重点人员仍在用赃款建房、高消费、办理多个手机号或银行账户、出国出境或领取政策补贴等。",
        "summary_en": (
            "A person on the telecom-fraud blacklist is still building with fraud proceeds, living "
            "lavishly, opening extra phone numbers or bank accounts, travelling abroad or receiving "
            "subsidies."
        ),
        "publish_description": False,
        "leads": ["politics_law"],
        "participants": [
            "psb",
            "court",
            "procuratorate",
            "finance_office",
            "land",
            "banking_regulator",
            "admin_enforcement",
            "ecology",
            "gov_services",
            "industry_commerce",
            "civil_affairs",
            "tax",
            "health",
            "hrss",
            "miit",
            "justice",
            "telecom_company",
            "towns",
        ],
        "questions": [
            q("person_name", "重点人员姓名", "Name of the blacklisted person", required=True),
            q("town_or_village", "所在镇、村", "Town or village where the person lives"),
            q(
                "violation",
                "发现的情况",
                "What did you see",
                "choice",
                choices=[
                    c(
                        "illegal_building",
                        "用赃款建房或违规建房",
                        "Building with fraud proceeds or without permission",
                    ),
                    c(
                        "unexplained_assets",
                        "来源不明的大额存款或财产",
                        "Large deposits or assets of unknown origin",
                    ),
                    c("subsidy", "仍在领取政策性补贴", "Still receiving policy subsidies"),
                    c(
                        "high_consumption",
                        "坐飞机、动车，住宾馆等高消费",
                        "Flights, high-speed trains, hotels and other high spending",
                    ),
                    c(
                        "extra_accounts",
                        "办理多个手机号码或银行账户",
                        "Several phone numbers or bank accounts",
                    ),
                    c("travel_abroad", "出国出境", "Travelling abroad"),
                    OTHER,
                ],
            ),
            q("observed_date", "发现日期", "Date you saw it", "date"),
        ],
    },
    {
        "code": "financial",
        "number": 4,
        "name": "涉金融领域失信",
        "name_en": "Financial-sector dishonesty and illegal fund-raising",
        "summary": "非法集资、未经批准的交易场所、未登记的投资基金、非法证券期货或有风险的互联网金融平台。",
        "summary_en": (
            "Illegal fund-raising, unapproved trading venues, unregistered investment funds, illegal "
            "securities or futures dealing, or risky online finance platforms."
        ),
        "publish_description": False,
        "leads": ["finance_office", "ndrc"],
        "participants": ["cac", "banks"],
        "questions": [
            q("institution", "机构或平台名称", "Name of the company or platform", required=True),
            q(
                "activity",
                "涉及的活动",
                "What kind of activity",
                "choice",
                choices=[
                    c("illegal_fundraising", "非法集资", "Illegal fund-raising"),
                    c("unlicensed_exchange", "未经批准的交易场所", "Unapproved trading venue"),
                    c("unregistered_fund", "未登记的股权投资基金", "Unregistered equity investment fund"),
                    c("illegal_securities", "非法证券期货", "Illegal securities or futures"),
                    c("online_lending", "网络借贷等互联网金融", "Online lending or other internet finance"),
                    OTHER,
                ],
            ),
            q("amount_invested", "投入金额（元）", "Amount you put in (yuan)", "number"),
            q("website_or_address", "网址或经营地址", "Website or business address"),
        ],
    },
    {
        "code": "environment",
        "number": 5,
        "name": "生态环境保护失信",
        "name_en": "Environmental dishonesty",
        "summary": "企业偷排污水、废气、废渣，或环评、监测、验收机构弄虚作假。",
        "summary_en": (
            "A company secretly discharges waste water, fumes or solid waste, or an environmental "
            "assessment, monitoring or inspection firm falsifies its reports."
        ),
        "publish_description": False,
        "leads": ["ecology", "ndrc"],
        "participants": ["finance_bureau"],
        "questions": [
            q("polluter", "企业或单位名称", "Name of the company or organisation", required=True),
            q(
                "pollution_type",
                "问题类型",
                "Type of problem",
                "choice",
                choices=[
                    c("water", "废水", "Waste water"),
                    c("air", "废气、烟尘", "Fumes or dust"),
                    c("solid_waste", "固体废物、垃圾", "Solid waste or rubbish"),
                    c("noise", "噪声", "Noise"),
                    c("fake_reports", "环评、监测数据造假", "Falsified assessment or monitoring data"),
                    OTHER,
                ],
            ),
            q("ongoing", "是否仍在持续", "Is it still going on", "choice", choices=YES_NO),
        ],
    },
    {
        "code": "poverty_relief",
        "number": 6,
        "name": "扶贫脱贫失信",
        "name_en": "Poverty-relief fraud",
        "summary": "有人提供虚假信息被识别为贫困户、虚报冒领扶贫资金、优亲厚友，或搞数字脱贫、虚假脱贫。",
        "summary_en": (
            "Someone gave false information to be listed as poor, claimed poverty-relief money they "
            "were not entitled to, favoured relatives and friends, or faked getting out of poverty "
            "on paper."
        ),
        "publish_description": False,
        "leads": ["poverty_relief", "ndrc"],
        "participants": ["towns"],
        "questions": [
            q("town_or_village", "所在镇、村", "Town and village", required=True),
            q(
                "issue",
                "问题类型",
                "Type of problem",
                "choice",
                choices=[
                    c("false_info", "提供虚假信息被识别为贫困户", "False information to be listed as poor"),
                    c("false_claims", "虚报冒领扶贫资金", "False claims for poverty-relief money"),
                    c("favouritism", "优亲厚友", "Favouring relatives and friends"),
                    c("fake_exit", "数字脱贫、虚假脱贫", "Getting out of poverty only on paper"),
                    OTHER,
                ],
            ),
            q("people_involved", "涉及的人员或干部", "People or officials involved"),
            q("amount", "涉及金额（元）", "Amount involved (yuan)", "number"),
        ],
    },
    {
        "code": "illegal_medical",
        "number": 7,
        "name": "无证行医、非法医疗",
        "name_en": "Unlicensed medical practice",
        "summary": "没有执业资质的诊所或人员看病、开药、做手术或医疗美容，或发布虚假医疗广告。",
        "summary_en": (
            "A clinic or person without a licence treats patients, prescribes drugs, operates or does "
            "cosmetic procedures, or publishes false medical adverts."
        ),
        "publish_description": False,
        "leads": ["health", "ndrc"],
        "participants": ["cac", "court", "psb"],
        "questions": [
            q("provider", "诊所或行医者名称", "Name of the clinic or practitioner", required=True),
            q(
                "practice_type",
                "问题类型",
                "Type of problem",
                "choice",
                choices=[
                    c("unlicensed_clinic", "无证诊所", "Clinic without a licence"),
                    c("unlicensed_person", "无资质人员行医", "Practitioner without qualification"),
                    c("cosmetic", "非法医疗美容", "Illegal cosmetic treatment"),
                    c("false_ads", "虚假医疗广告", "False medical adverts"),
                    OTHER,
                ],
            ),
            q("harmed", "是否造成人身伤害", "Was anyone harmed", "choice", choices=YES_NO),
        ],
    },
    {
        "code": "fake_drugs",
        "number": 8,
        "name": "假药",
        "name_en": "Counterfeit drugs",
        "summary": "药店、诊所或网店生产、销售假药或来路不明的药品。",
        "summary_en": "A pharmacy, clinic or online shop makes or sells fake drugs or drugs of unknown origin.",
        "publish_description": False,
        "leads": ["drug_admin", "ndrc"],
        "participants": ["court", "psb"],
        "questions": [
            q("drug_name", "药品名称", "Name of the drug", required=True),
            q(
                "where_bought",
                "购买地点（药店、诊所或网店）",
                "Where you bought it (pharmacy, clinic or online shop)",
            ),
            q("batch_number", "批号（药盒上的“批号”）", "Batch number (printed on the box)"),
            q("purchase_date", "购买日期", "Date of purchase", "date"),
            q("price_paid", "购买金额（元）", "Price paid (yuan)", "number"),
        ],
    },
    {
        "code": "wage_arrears",
        "number": 9,
        "name": "拖欠工资",
        "name_en": "Wage arrears",
        "summary": "用人单位或包工头拖欠、克扣农民工或其他劳动者的工资。",
        "summary_en": "An employer or labour contractor has not paid, or has cut, the wages of migrant or other workers.",
        "publish_description": False,
        "leads": ["hrss", "ndrc"],
        "participants": ["court", "psb"],
        "questions": [
            q(
                "employer",
                "欠薪单位或包工头",
                "Employer or labour contractor who owes the wages",
                required=True,
            ),
            q("amount_owed", "被拖欠金额（元）", "Amount owed (yuan)", "number", required=True),
            q("workers", "被拖欠工资的人数", "Number of workers not paid", "number"),
            q(
                "period_unpaid",
                "拖欠的时间段（如2018年6月至12月）",
                "Period not paid (e.g. June to December 2018)",
            ),
            q("project", "工程项目或工作地点", "Construction project or workplace"),
        ],
    },
    {
        "code": "low_price_tours",
        "number": 10,
        "name": "“不合理低价游”",
        "name_en": "Unreasonable low-price tours",
        "summary": "旅行社或导游以低价招揽游客，再强迫或诱骗购物、加收费用，或无证经营旅游业务。",
        "summary_en": (
            "A travel agency or guide lured you with a cheap tour and then forced or tricked you into "
            "shopping or paying extra, or runs tours without a licence."
        ),
        "publish_description": True,
        "leads": ["tourism"],
        "participants": ["price"],
        "questions": [
            q("travel_agency", "旅行社或组团方名称", "Travel agency or tour organiser", required=True),
            q("tour_date", "出游日期", "Date of the tour", "date"),
            q("price_paid", "团费（元/人）", "Tour price paid (yuan per person)", "number"),
            q(
                "forced_shopping",
                "是否被强迫或诱导购物",
                "Were you forced or pressed to shop",
                "choice",
                choices=YES_NO,
            ),
            q("guide", "导游姓名或导游证号", "Guide's name or licence number"),
        ],
    },
    {
        "code": "tax_fake_invoices",
        "number": 11,
        "name": "逃税骗税和“假发票”",
        "name_en": "Tax evasion and fake invoices",
        "summary": "商家开具或出售假发票、虚开增值税专用发票、不开发票逃税，或骗取出口退税。",
        "summary_en": (
            "A business issues or sells fake invoices, writes false VAT invoices, refuses invoices to "
            "evade tax, or fraudulently claims export tax rebates."
        ),
        "publish_description": False,
        "leads": ["tax", "ndrc"],
        "participants": ["court", "psb"],
        "questions": [
            q(
                "seller",
                "商家或开票单位名称",
                "Business that sold the goods or issued the invoice",
                required=True,
            ),
            q("invoice_number", "发票号码", "Invoice number"),
            q(
                "conduct",
                "问题类型",
                "Type of problem",
                "choice",
                choices=[
                    c("no_invoice", "不开发票", "Refused to give an invoice"),
                    c("fake_invoice", "开具或出售假发票", "Issued or sold fake invoices"),
                    c("false_vat", "虚开增值税专用发票", "False VAT invoices"),
                    c("tax_evasion", "偷逃税款", "Evading tax"),
                    c("export_rebate", "骗取出口退税", "Export tax rebate fraud"),
                    OTHER,
                ],
            ),
            q("amount", "涉及金额（元）", "Amount involved (yuan)", "number"),
        ],
    },
    {
        "code": "judgment_default",
        "number": 12,
        "name": "法院判决不执行",
        "name_en": "Refusal to carry out court judgments",
        "summary": "被执行人拒不履行法院判决，转移隐匿财产，或在限制期间仍坐飞机、买车、出境等高消费。",
        "summary_en": (
            "Someone refuses to carry out a court judgment, hides or moves assets, or keeps flying, "
            "buying cars or travelling abroad while restricted."
        ),
        "publish_description": False,
        "leads": ["politics_law", "court"],
        "participants": ["psb", "justice", "housing", "banks"],
        "questions": [
            q(
                "debtor",
                "被执行人姓名或单位名称",
                "Name of the person or company that must pay",
                required=True,
            ),
            q("case_number", "判决书或执行案号", "Judgment or enforcement case number"),
            q("amount_awarded", "判决金额（元）", "Amount awarded (yuan)", "number"),
            q(
                "conduct",
                "发现的情况",
                "What did you see",
                "choice",
                choices=[
                    c("hiding_assets", "转移、隐匿财产", "Hiding or moving assets"),
                    c(
                        "high_consumption",
                        "坐飞机、动车，买车等高消费",
                        "Flights, trains, buying cars and other high spending",
                    ),
                    c("travel_abroad", "出境", "Travelling abroad"),
                    c("refuses", "有能力但拒不履行", "Can pay but refuses"),
                    OTHER,
                ],
            ),
        ],
    },
    {
        "code": "transport",
        "number": 13,
        "name": "交通运输失信",
        "name_en": "Transport dishonesty",
        "summary": "货车超限超载，出租车、网约车无证运营、人车不符，或泄露乘客信息。",
        "summary_en": (
            "Overloaded lorries, taxis or ride-hailing cars running without a licence or with a "
            "different car or driver than registered, or leaking passengers' data."
        ),
        "publish_description": False,
        "leads": ["transport", "ndrc"],
        "participants": ["cac", "psb"],
        "questions": [
            q("vehicle_plate", "车牌号", "Vehicle registration number", required=True),
            q(
                "problem",
                "问题类型",
                "Type of problem",
                "choice",
                choices=[
                    c("overloading", "超限超载", "Overloading"),
                    c("unlicensed", "无照运营、无证上岗（黑车）", "No licence (unlicensed taxi)"),
                    c(
                        "mismatch",
                        "网约车线上登记与实际车辆不符",
                        "Ride-hailing car or driver differs from the app",
                    ),
                    c("passenger_data", "违法使用或泄露乘客信息", "Misuse or leak of passenger data"),
                    OTHER,
                ],
            ),
            q("platform", "网约车平台名称（如有）", "Ride-hailing platform (if any)"),
            q("trip_date", "乘车或发现日期", "Date of the trip or sighting", "date"),
        ],
    },
    {
        "code": "insurance_fraud",
        "number": 14,
        "name": "骗取保险",
        "name_en": "Insurance fraud",
        "summary": "单位或个人伪造证明材料、虚构事故或冒名顶替，骗取社会保险基金或商业保险赔款。",
        "summary_en": (
            "A company or person uses forged papers, invented accidents or someone else's identity to "
            "obtain social-insurance or commercial insurance money."
        ),
        "publish_description": False,
        "leads": ["finance_office"],
        "participants": ["ndrc", "court", "psb", "hrss"],
        "questions": [
            q(
                "insurance_type",
                "保险类型",
                "Type of insurance",
                "choice",
                required=True,
                choices=[
                    c(
                        "social",
                        "社会保险（养老、医疗、工伤、失业等）",
                        "Social insurance (pension, medical, injury, unemployment)",
                    ),
                    c("commercial", "商业保险", "Commercial insurance"),
                    c("unknown", "不清楚", "Not sure"),
                ],
            ),
            q(
                "method",
                "骗保方式",
                "How was the insurance cheated",
                "choice",
                choices=[
                    c("forged_documents", "伪造证明材料", "Forged documents"),
                    c("invented_claim", "虚构事故或病情", "Invented accident or illness"),
                    c("impersonation", "冒名顶替领取", "Claiming in someone else's name"),
                    OTHER,
                ],
            ),
            q("insurer_or_agency", "保险公司或经办机构", "Insurer or social-insurance office"),
            q("amount", "涉及金额（元）", "Amount involved (yuan)", "number"),
        ],
    },
    {
        "code": "illegal_social_orgs",
        "number": 15,
        "name": "非法社会组织",
        "name_en": "Illegal social organisations",
        "summary": "未经登记却以协会、商会、基金会等社会组织名义开展活动、收取费用或骗取钱财。",
        "summary_en": (
            "A group that is not registered acts as an association, chamber of commerce or foundation, "
            "collects fees or cheats people of money."
        ),
        "publish_description": False,
        "leads": ["civil_affairs", "ndrc"],
        "participants": ["politics_law", "psb"],
        "questions": [
            q("organisation", "组织名称", "Name of the organisation", required=True),
            q(
                "activity",
                "问题类型",
                "Type of problem",
                "choice",
                choices=[
                    c(
                        "unregistered",
                        "未登记以社会组织名义活动",
                        "Acting as an organisation without registration",
                    ),
                    c("fees", "收取会费、摊派费用", "Collecting membership or other fees"),
                    c("fraud", "以组织名义骗取钱财", "Cheating people of money in its name"),
                    OTHER,
                ],
            ),
            q("contact_or_website", "联系方式或网站", "Contact details or website"),
            q("members", "参与人数（约）", "Number of people involved (approx.)", "number"),
        ],
    },
    {
        "code": "charity_fraud",
        "number": 16,
        "name": "慈善捐助失信",
        "name_en": "Charity and donation fraud",
        "summary": "诈捐、骗捐，冒用慈善组织名义募捐，或慈善组织违规使用善款。",
        "summary_en": (
            "Fake fund-raising, collecting in the name of a charity without permission, or a charity "
            "misusing donations."
        ),
        "publish_description": False,
        "leads": ["civil_affairs"],
        "participants": ["psb"],
        "questions": [
            q(
                "organisation",
                "募捐的组织或个人",
                "Organisation or person who collected the money",
                required=True,
            ),
            q("amount_donated", "捐款金额（元）", "Amount donated (yuan)", "number"),
            q(
                "donation_channel",
                "募捐方式",
                "How the money was collected",
                "choice",
                choices=[
                    c("street", "街头或上门募捐", "In the street or door to door"),
                    c("online", "网络平台、众筹", "Online platform or crowd-funding"),
                    c("wechat", "微信群、朋友圈转发", "WeChat groups or Moments"),
                    OTHER,
                ],
            ),
            q("donation_date", "捐款日期", "Date of the donation", "date"),
        ],
    },
    {
        "code": "performance_tickets",
        "number": 17,
        "name": "营业性演出虚假宣传及炒票",
        "name_en": "False advertising and ticket scalping for performances",
        "summary": "演出虚假宣传演员或时长，捂票、囤票、加价倒卖门票，或票务平台加价售票。",
        "summary_en": (
            "A show is advertised with false performers or length, tickets are held back, hoarded or "
            "resold at a mark-up, or a ticket platform charges more than the face value."
        ),
        "publish_description": True,
        "leads": ["tourism", "culture_sports"],
        "participants": ["cac", "miit", "psb"],
        "questions": [
            q("show_name", "演出名称", "Name of the show", required=True),
            q("seller", "售票方（平台、票贩子等）", "Who sold the ticket (platform, tout, ...)"),
            q(
                "problem",
                "问题类型",
                "Type of problem",
                "choice",
                choices=[
                    c("scalping", "加价倒票、炒票", "Resold at a mark-up"),
                    c("hoarding", "捂票、囤票，不公开销售", "Tickets held back or hoarded"),
                    c("false_ads", "虚假宣传（演员、演出时长）", "False advertising (performers, length)"),
                    OTHER,
                ],
            ),
            q("price_paid", "实际支付票价（元）", "Price you paid (yuan)", "number"),
            q("face_value", "票面价格（元）", "Face value (yuan)", "number"),
        ],
    },
    {
        "code": "illegal_lottery",
        "number": 18,
        "name": "“非法彩票”",
        "name_en": "Illegal lottery and online gambling",
        "summary": "网上私售彩票、地下私彩（如“六合彩”）、网络赌博，或制售假彩票。",
        "summary_en": (
            "Lottery tickets sold online without permission, underground private lotteries, online "
            "gambling, or fake lottery tickets."
        ),
        "publish_description": False,
        "leads": ["psb", "ndrc"],
        "participants": ["cac", "finance_bureau", "miit", "banks"],
        "questions": [
            q("website_or_place", "网站、App或销售地点", "Website, app or place of sale", required=True),
            q(
                "lottery_kind",
                "问题类型",
                "Type of problem",
                "choice",
                choices=[
                    c("online_sales", "网络售彩", "Lottery sold online"),
                    c("private_lottery", "地下私彩", "Underground private lottery"),
                    c("online_gambling", "网络赌博", "Online gambling"),
                    c("fake_tickets", "假彩票", "Fake lottery tickets"),
                    OTHER,
                ],
            ),
            q("payment_account", "收款账号或支付账户", "Account or payment account used to take the money"),
            q("amount_lost", "损失金额（元）", "Amount lost (yuan)", "number"),
        ],
    },
]


def load(apps, schema_editor):
    Bureau = apps.get_model("intake", "Bureau")
    Area = apps.get_model("intake", "Area")
    AreaBureau = apps.get_model("intake", "AreaBureau")
    Question = apps.get_model("intake", "Question")

    bureaus = {}
    for code, name, name_en, kind, parent in BUREAUS:
        bureaus[code], _ = Bureau.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "kind": kind,
                "parent": bureaus[parent] if parent else None,
            },
        )

    for data in AREAS:
        area, _ = Area.objects.update_or_create(
            code=data["code"],
            defaults={
                "number": data["number"],
                "name": data["name"],
                "name_en": data["name_en"],
                "summary": data["summary"],
                "summary_en": data["summary_en"],
                "publish_description": data["publish_description"],
            },
        )
        routing = [
            (code, "lead" if index == 0 else "co_lead") for index, code in enumerate(data["leads"])
        ] + [(code, "participant") for code in data["participants"]]
        # Clear a stale lead first so the one-lead-per-area constraint holds on a re-run.
        AreaBureau.objects.filter(area=area, role="lead").exclude(bureau=bureaus[routing[0][0]]).update(
            role="co_lead"
        )
        for position, (code, role) in enumerate(routing):
            AreaBureau.objects.update_or_create(
                area=area,
                bureau=bureaus[code],
                defaults={"role": role, "position": position},
            )
        for position, question in enumerate(data["questions"]):
            Question.objects.update_or_create(
                area=area,
                code=question["code"],
                defaults={
                    "text": question["text"],
                    "text_en": question["text_en"],
                    "datatype": question["datatype"],
                    "required": question["required"],
                    "choices": question["choices"],
                    "position": position,
                },
            )


def unload(apps, schema_editor):
    Bureau = apps.get_model("intake", "Bureau")
    Area = apps.get_model("intake", "Area")
    AreaBureau = apps.get_model("intake", "AreaBureau")
    Question = apps.get_model("intake", "Question")

    area_codes = [data["code"] for data in AREAS]
    Question.objects.filter(area__code__in=area_codes).delete()
    AreaBureau.objects.filter(area__code__in=area_codes).delete()
    Area.objects.filter(code__in=area_codes).delete()
    member_codes = [row[0] for row in BUREAUS if row[4]]
    other_codes = [row[0] for row in BUREAUS if not row[4]]
    Bureau.objects.filter(code__in=member_codes).delete()
    Bureau.objects.filter(code__in=other_codes).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0002_report_handling"),
    ]

    operations = [
        migrations.RunPython(load, unload),
    ]
