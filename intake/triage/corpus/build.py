"""Write the training part of the starter corpus (`train.jsonl`) from hand-written templates.

Run `python -m intake.triage.corpus.build` after editing the templates; the output is kept
under version control so that a model is reproducible. The held-out set (`heldout.jsonl`) is
written by hand in another style and is never produced or read here.

Each area has hand-written facts (sentences with slots), subjects and requests; four frames
give the channels residents really use: a short WeChat message, a web form, a hotline
operator's transcript and a formal letter. Whole hand-written texts (`handwritten.jsonl`) are
appended unchanged.
"""

import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
PER_AREA = 110
OUT_OF_SCOPE = 380

TOWNS = [
    "那大镇",
    "和庆镇",
    "南丰镇",
    "大成镇",
    "雅星镇",
    "兰洋镇",
    "光村镇",
    "木棠镇",
    "海头镇",
    "峨蔓镇",
    "王五镇",
    "白马井镇",
    "中和镇",
    "排浦镇",
    "东成镇",
    "新州镇",
]
STREETS = [
    "人民中路",
    "中兴大街",
    "文化南路",
    "军屯路",
    "伏波东路",
    "解放西路",
    "胜利路",
    "国营西联农场",
    "北部湾大道",
]
PEOPLE = [
    "张某",
    "李某某",
    "王老板",
    "陈某",
    "符某",
    "羊某",
    "吴某",
    "林老板",
    "黄某某",
    "周经理",
    "刘某",
    "谢某",
]
BRANDS = [
    "宏达",
    "鑫源",
    "恒通",
    "金海",
    "椰林",
    "兴华",
    "祥瑞",
    "海韵",
    "永丰",
    "顺发",
    "嘉禾",
    "蓝湾",
    "富康",
    "盛世",
]


def phone(rng):
    number = f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"
    style = rng.random()
    if style < 0.15:
        return f"{number[:3]} {number[3:7]} {number[7:]}"
    if style < 0.25:
        return f"{number[:3]}-{number[3:7]}-{number[7:]}"
    return number


def account(rng):
    return "62" + "".join(rng.choice("0123456789") for _ in range(rng.choice([14, 16, 17])))


def company(rng, trade):
    prefix = rng.choice(["儋州", "海南", "洋浦", "儋州市", ""])
    return f"{prefix}{rng.choice(BRANDS)}{trade}{rng.choice(['有限公司', '公司', '有限责任公司'])}"


def money(rng, low, high):
    value = rng.randrange(low, high)
    style = rng.random()
    if style < 0.4:
        return f"{value}元"
    if style < 0.7 and value >= 10000:
        return f"{value // 10000}万多元"
    return f"{value}块"


# Per area: subjects (who), facts (what happened, first person where natural), asks.
AREAS = {
    "telecom_fraud": {
        "subjects": [
            "一个自称客服的人",
            "冒充公安的骗子",
            "网上认识的“女朋友”",
            "一个刷单群的群主",
            "自称银行工作人员的人",
            "贷款APP的客服",
        ],
        "facts": [
            "{subject}打电话说我的快递丢了要理赔，让我下载一个会议软件共享屏幕，结果卡里{money}被转走了",
            "{subject}用{phone}给我打电话，说我涉嫌洗钱，要把钱转到“安全账户”{account}接受调查",
            "我在网上找兼职刷单，前几单都返了佣金，后来让我连续做任务，一共垫付了{money}，对方就把我拉黑了",
            "{subject}说可以帮我办低息贷款，先要交解冻费和保证金，我转了{money}还是没放款",
            "网上交友认识一个人，带我在一个投资平台上充值，说稳赚不赔，现在提现不了，亏了{money}",
            "收到短信说我的医保卡被冻结，点链接填了银行卡信息，马上被刷走{money}",
            "{subject}冒充我领导加我微信，让我先垫付一笔钱给合作方，我转了{money}到{account}",
            "有人冒充电商客服说我误开了会员每月扣费，要帮我取消，引导我在网贷平台借钱转给他",
            "游戏群里有人低价卖装备，我转了{money}后对方就消失了，收款号码是{phone}",
            "{phone}这个号码天天打给老人说中奖了，要先交手续费才能领奖，我妈已经被骗了{money}",
        ],
        "asks": ["请帮忙追回被骗的钱", "请公安尽快立案", "希望封掉这个号码", "提醒大家不要上当"],
        "trade": "网络科技",
    },
    "online_rumours": {
        "subjects": [
            "一个叫“儋州生活圈”的公众号",
            "某抖音账号",
            "业主群里的一个人",
            "一个微博大V",
            "快手上一个主播",
            "某自媒体",
        ],
        "facts": [
            "{subject}发视频说那大镇自来水有毒，好多人去超市抢矿泉水，根本没有这回事",
            "{subject}在群里造谣说{town}小学有人贩子抢孩子，家长们都很恐慌",
            "{subject}编造某局长被抓的消息，还配了假的通报截图，转发量很大",
            "{subject}说台风要把{town}淹掉，让大家赶紧撤离，气象台根本没发这个预警",
            "{subject}发文章说我们公司产品吃死了人，完全是捏造的，已经影响我们生意",
            "{subject}在网上散布某医院把病人器官卖掉的谣言，还说是内部消息",
            "{subject}把外地的旧视频说成是儋州刚发生的打砸事件，故意带节奏",
            "{subject}到处转发说银行要倒闭了让大家快去取钱，引起挤兑",
            "{subject}发帖子诬陷我们村支书贪污，说得有鼻子有眼但全是假的",
            "{subject}假冒官方发布疫情封控通知，说明天全城停水停电",
        ],
        "asks": ["请网信部门删帖", "要求追究造谣者责任", "请官方辟谣", "希望查处这个账号"],
        "trade": "文化传媒",
    },
    "fraud_blacklist_controls": {
        "subjects": [
            "电诈重点人员{person}",
            "我们村因诈骗被判过刑的{person}",
            "涉诈黑名单上的{person}",
            "被列入“七个一律”的{person}",
        ],
        "facts": [
            "{subject}明明被限制了，最近还坐飞机去外地，朋友圈天天晒旅游",
            "{subject}还在享受低保和各种补贴，村里没人敢管",
            "{subject}家里新盖了三层楼房，没有任何手续，听说就是诈骗的钱盖的",
            "{subject}又办了好几张银行卡和手机卡，说是一人只能一号一卡，可他有好多张",
            "{subject}出狱后又开了一家公司，还去投标政府的项目",
            "{subject}没有按要求每周到派出所报到，经常不在本地",
            "{subject}还在买新车，开着几十万的车到处跑，不是说限制高消费吗",
            "{subject}的孩子家里还领着各种政策补助，涉诈人员的惩戒没有落实",
            "{subject}最近又在拉人去境外，说去那边“发财”",
            "{subject}住着高档宾馆，出入豪华场所，说明限制措施没执行到位",
        ],
        "asks": ["请按七个一律落实惩戒", "请有关部门核查", "希望对其严格管控", "请取消其补贴"],
        "trade": "贸易",
    },
    "financial": {
        "subjects": [
            "{company}",
            "一个养老投资项目",
            "某理财工作室",
            "一家P2P平台",
            "{person}搞的互助会",
            "一家小额贷款公司",
        ],
        "facts": [
            "{subject}在{town}到处办讲座，承诺年化收益百分之二十四，拉老人投钱，已经集资好几百万",
            "{subject}宣传投资原始股马上上市，我买了{money}，现在公司人去楼空",
            "{subject}以养老院床位预订的名义收钱，说每月返利，现在返利停了本金也拿不回",
            "{subject}借给我两万块，合同写五万，逾期就上门骚扰，是典型的套路贷",
            "{subject}让亲戚朋友拉人头入会，交钱越多分红越高，像是传销加非法集资",
            "{subject}发行所谓数字货币，说能翻十倍，现在平台关了提不了现",
            "{subject}冒用银行名义卖理财产品，到期不兑付，我们几十户都投了钱",
            "{subject}没有金融牌照却在放高利贷，月息一毛，还不上就威胁家人",
            "{subject}搞的众筹项目承诺保本保息，收了{money}以后老板跑了",
            "{subject}在微信群里推荐外汇投资，说有内幕，入金后账户被冻结",
        ],
        "asks": ["请金融办查处", "希望帮我们追回本金", "请打击非法集资", "请核实这家公司资质"],
        "trade": "投资咨询",
    },
    "environment": {
        "subjects": [
            "{company}",
            "村边的一家养猪场",
            "{town}的橡胶加工厂",
            "一个砖厂",
            "附近的石场",
            "一家洗砂场",
        ],
        "facts": [
            "{subject}每天晚上偷偷往河里排黑水，臭得不行，河里的鱼都死了",
            "{subject}的烟囱天天冒黑烟，周边居民晚上都不敢开窗",
            "{subject}把废机油和化工垃圾直接倒在林地里，雨一下就流进水塘",
            "{subject}环保检查的时候停工，检查组一走马上又开工，在线监测数据是假的",
            "{subject}没有环评手续就开工了，粉尘很大，附近庄稼都盖了一层灰",
            "{subject}的污水处理设备是摆设，从来没开过，废水直接进了{town}的排水沟",
            "{subject}半夜在空地焚烧塑料垃圾，气味刺鼻，老人小孩咳嗽不止",
            "{subject}偷偷挖沙采石，把山体挖得乱七八糟，水土流失严重",
            "{subject}的养殖粪便直接排到水库上游，那是我们的饮用水源",
            "{subject}伪造环境监测报告骗取环保补贴",
        ],
        "asks": ["请环保部门来查", "要求停产整改", "请依法处罚", "希望还我们干净的水"],
        "trade": "建材",
    },
    "poverty_relief": {
        "subjects": [
            "我们村的村干部",
            "{town}某村支书",
            "村委会{person}",
            "帮扶干部{person}",
            "扶贫项目的承包老板",
        ],
        "facts": [
            "{subject}把自己亲戚都报成贫困户，真正困难的人家反而没评上",
            "{subject}截留了扶贫产业资金，每户应发的{money}只发了一半",
            "{subject}把发给贫困户的鸡苗和牛犊卖掉了，钱去向不明",
            "{subject}搞数字脱贫，填表说我家年收入过万，其实我们根本没这么多收入",
            "{subject}拿扶贫贷款给自己家开农家乐，贫困户一分钱没见到",
            "{subject}家有楼房有小车还在领扶贫补贴和低保",
            "{subject}虚报危房改造户数套取补助，有的房子根本没动工",
            "{subject}让贫困户签字领钱，但钱被他收走了，说是统一管理",
            "扶贫车间建好以后一直没开工，{subject}却上报说带动了几十户就业",
            "{subject}收了好处费才给办建档立卡，不给钱就不给评",
        ],
        "asks": ["请扶贫办核查", "希望公开扶贫资金去向", "要求追回被截留的钱", "请纪委介入"],
        "trade": "农业开发",
    },
    "illegal_medical": {
        "subjects": [
            "{town}街上的一家黑诊所",
            "一个游医",
            "一家没有牌子的牙科",
            "一家美容院",
            "村里的{person}",
            "一个所谓的中医馆",
        ],
        "facts": [
            "{subject}没有医生执业证，却在给人打针输液，我孩子输液后全身起疹子",
            "{subject}给人做双眼皮和打玻尿酸，根本没有医疗资质，我朋友脸都肿了",
            "{subject}在集市上摆摊说能根治糖尿病，卖自制的药丸，一个疗程{money}",
            "{subject}给人拔牙镶牙，用的器械不消毒，也没有任何资质",
            "{subject}打着中医理疗的旗号给老人做“排毒”，收费很高，还说能治癌症",
            "{subject}私自给孕妇做B超鉴定胎儿性别，还偷偷做引产",
            "{subject}的“医生”是从外地来的，没有执业证，医疗事故后人就跑了",
            "{subject}在出租屋里开诊所，晚上偷偷营业，用的药来历不明",
            "{subject}超范围执业，只能做保健按摩却给人开处方打针",
            "{subject}租借别人的医师资格证挂在墙上，实际看病的人根本没证",
        ],
        "asks": ["请卫健委取缔", "希望查处非法行医", "要求赔偿医疗费", "请核查其资质"],
        "trade": "健康管理",
    },
    "fake_drugs": {
        "subjects": [
            "{town}的一家药店",
            "一个卖保健品的会场",
            "微商{person}",
            "{company}",
            "网上一家药店",
            "村里的小卖部",
        ],
        "facts": [
            "{subject}卖的降压药吃了没效果，包装和正品不一样，批号查不到",
            "{subject}把过期的药改了生产日期继续卖",
            "{subject}把普通保健品说成能治病的药，老人花了{money}买了一堆",
            "{subject}卖的进口抗癌药没有任何批文，说是代购的，病人吃了病情加重",
            "{subject}卖的胶囊里面检测出西药成分，标签上写的是纯中药",
            "{subject}销售没有批准文号的药品，说是祖传秘方",
            "{subject}卖的减肥药吃了心慌呕吐，查了是假药",
            "{subject}卖的狂犬疫苗来源不明，没有冷链，打了不放心",
            "{subject}在药店里卖处方药不要处方，还有很多假冒的名牌药",
            "{subject}用{phone}在朋友圈卖特效药，一盒{money}，说是医院内部渠道",
        ],
        "asks": ["请药监局抽检", "要求下架假药", "请依法处理并退钱", "希望查清药品来源"],
        "trade": "医药",
    },
    "wage_arrears": {
        "subjects": [
            "{company}",
            "包工头{person}",
            "{town}一个工地的老板",
            "我们厂的老板",
            "一家劳务公司",
            "某项目部",
        ],
        "facts": [
            "{subject}拖欠我们{count}个农民工{months}个月的工资，一共{money}，一直说下个月给",
            "我在{subject}干了半年，工钱一分没拿到，老板电话{phone}现在也打不通",
            "{subject}工程早就完工了，总包说钱已经付给包工头了，可我们的工资还是没发",
            "{subject}辞退我以后不给结算最后两个月工资，还扣押了我的押金",
            "{subject}每个月只发生活费，说年底统一结，现在过年了还是拿不到钱",
            "{subject}跑路了，欠了工人{money}，我们去项目部找也没人管",
            "{subject}让我们签了欠条，说工资分期给，到现在一期都没给",
            "{subject}以质量不合格为由克扣工人工资，扣了一大半",
            "{subject}欠了我们装修队的工钱，打电话就说没钱，{months}个月了",
            "在{subject}当保安的工资被拖了{months}个月，公司说资金周转困难",
        ],
        "asks": ["请人社局帮我们讨薪", "希望尽快发放工资", "请劳动监察介入", "我们要回血汗钱"],
        "trade": "建筑工程",
    },
    "low_price_tours": {
        "subjects": ["{company}", "一个导游", "我们报的一日游团", "{person}带的旅行团", "某旅行社"],
        "facts": [
            "报了{subject}的99元三日游，结果一整天都在购物店里，不买东西导游就骂人",
            "{subject}把我们拉到珠宝店关起来，说不消费不让上车",
            "{subject}宣传零团费吃住全包，到了以后强制加钱参加自费项目",
            "{subject}的导游说不买够{money}就把我们丢在半路",
            "{subject}合同上写的景点一个没去，全带去买沉香和黄花梨",
            "{subject}给的都是没有资质的车和导游，行程全是购物店",
            "{subject}在网上卖低价旅游团，到了三亚以后被强制购物，投诉也没人理",
            "参加{subject}组织的免费旅游，其实就是带老人去买保健品",
            "{subject}擅自改变行程，减少了景点，多加了两个购物点",
            "在购物店被导游逼着买了{money}的玉镯，回来一鉴定是假的",
        ],
        "asks": ["请旅游委查处", "要求退还团费", "希望整治不合理低价游", "请吊销其资质"],
        "trade": "国际旅行社",
    },
    "tax_fake_invoices": {
        "subjects": ["{company}", "一家餐馆", "{person}", "我们公司的老板", "一家建材店", "一个卖发票的人"],
        "facts": [
            "{subject}消费后一律不给开发票，说开票要加百分之十的税",
            "经常收到{phone}发来的短信说可以代开各种发票，专业票点低",
            "{subject}做两套账，一套给税务局看，实际收入少报了一大半",
            "{subject}用假发票报销，我在财务岗位上看到过好几张查不到的发票",
            "{subject}虚开增值税专用发票给别的公司抵扣，收取开票费",
            "{subject}让员工用个人账户收货款，就是为了逃税",
            "{subject}买卖房子签阴阳合同，合同价写低了一半少交税",
            "{subject}虚报出口骗取退税，货根本没出境",
            "{subject}给的发票在税务网站上查不到，是假的",
            "{subject}的工资表做假，虚列人员工资抵扣成本",
        ],
        "asks": ["请税务局查处", "举报偷税漏税", "请核查发票真伪", "要求依法追缴税款"],
        "trade": "商贸",
    },
    "judgment_default": {
        "subjects": [
            "老赖{person}",
            "{company}",
            "被执行人{person}",
            "欠我钱不还的{person}",
            "判决后拒不还钱的老板",
        ],
        "facts": [
            "法院早就判了{subject}还我{money}，到现在一分没还，还天天开豪车",
            "{subject}被列为失信被执行人了，还在坐高铁住酒店",
            "{subject}判决生效后把房子过户给了亲戚，故意转移财产逃避执行",
            "{subject}拒不履行法院判决，执行法官找他他就躲起来",
            "{subject}名下公司还在正常营业收钱，就是不执行判决",
            "{subject}在调解书上签了字承诺分期还款，一期都没还",
            "{subject}被限制消费了还送孩子上贵族学校",
            "{subject}把公司法人换成了别人，继续经营，执行款一直拖着",
            "执行案件立案一年多了，{subject}的财产线索我们提供了也没查封",
            "{subject}欠了{count}个工人的判决款不执行，还在外面包工程",
        ],
        "asks": ["请法院强制执行", "希望对老赖采取措施", "请查封其财产", "要求追究拒执罪"],
        "trade": "实业",
    },
    "transport": {
        "subjects": [
            "{company}的货车",
            "一辆拉沙的大车",
            "{town}的黑车",
            "某网约车司机",
            "{town}到海口的班车",
            "一家驾校",
        ],
        "facts": [
            "{subject}天天严重超载，把村里的路都压坏了",
            "{subject}没有营运证在车站门口拉客，价格乱要",
            "{subject}的车辆和平台登记的不一致，司机也不是本人",
            "{subject}超员载客，十几座的车塞了二十多个人",
            "{subject}的大货车晚上改装车厢偷偷超限运输",
            "{subject}收了钱不给考试名额，教练还索要好处费",
            "{subject}不按规定路线行驶，随意甩客，还多收车费",
            "{subject}的校车车况很差，没有年检，还在接送学生",
            "{subject}的司机疲劳驾驶，一个人连续开了十几个小时",
            "{subject}的车牌是套牌的，出了事故就跑",
        ],
        "asks": ["请交通局查处", "要求整治超载", "请打击非法营运", "希望加强监管"],
        "trade": "物流运输",
    },
    "insurance_fraud": {
        "subjects": ["{person}", "{town}一家民营医院", "一个汽修厂", "某保险代理人", "{company}"],
        "facts": [
            "{subject}没病装病住院，医院配合开假病历骗医保报销",
            "{subject}故意制造交通事故，找保险公司索赔",
            "{subject}把车开到修理厂，把小剐蹭做成大事故骗保险理赔",
            "{subject}拿村民的医保卡刷药，再把药倒卖出去",
            "{subject}虚构伤情，伪造伤残鉴定，骗了保险公司{money}",
            "{subject}用死者的身份信息继续领养老金",
            "{subject}让人挂床住院，每天给{money}好处，骗取医保基金",
            "{subject}给不存在的员工交工伤保险，然后虚构工伤骗保",
            "{subject}隐瞒病史投保，出险后串通医生改病历",
            "{subject}诱导老人免费体检，然后用他们的医保卡虚开检查项目",
        ],
        "asks": ["请医保局核查", "要求追回被骗的保险金", "请公安机关调查", "请查处骗保行为"],
        "trade": "保险代理",
    },
    "illegal_social_orgs": {
        "subjects": [
            "一个叫“中华某某发展促进会”的组织",
            "{town}的“宗亲联谊会”",
            "某“慈善协会”",
            "一个所谓的商会",
            "{person}成立的联合会",
            "某“国学研究院”",
        ],
        "facts": [
            "{subject}没有在民政部门登记，却到处收会费发证书",
            "{subject}冒用国家级名头，搞评选颁奖，交钱就能得奖",
            "{subject}以协会名义收企业的赞助费，说不交就影响评优",
            "{subject}假借公益名义开展活动，实际在发展会员收钱",
            "{subject}已经被民政部门取缔了，还在继续以原名义活动",
            "{subject}自称是全国性社团分会，给人颁发所谓的专家证书",
            "{subject}组织培训收费很高，说发的证书国家承认，实际是假的",
            "{subject}在学校门口招募会员，说能帮孩子升学加分",
            "{subject}打着扶贫的旗号募集资金，但查不到登记信息",
            "{subject}挂牌办公收取入会费，每人{money}，民政局网站上查不到",
        ],
        "asks": ["请民政局核查取缔", "希望曝光这个组织", "请依法查处", "要求退还会费"],
        "trade": "文化交流",
    },
    "charity_fraud": {
        "subjects": ["{person}", "一个众筹求助", "一家“慈善基金”", "街头募捐的人", "某公益组织"],
        "facts": [
            "{subject}在网上发起大病筹款说家里很穷，其实家里有两套房还开着豪车",
            "{subject}筹到的善款没有用来治病，被拿去还赌债了",
            "{subject}在街上拿着捐款箱说是给灾区捐款，没有任何证明",
            "{subject}收到的救灾物资被工作人员私分了",
            "{subject}公布的捐款账目和实际对不上，{money}不知去向",
            "{subject}以资助贫困学生名义募捐，学生说从来没收到过钱",
            "{subject}冒用红十字会的名义在朋友圈募捐，收款码是个人的",
            "{subject}把爱心企业捐赠的物资拿去卖钱",
            "{subject}承诺认捐{money}做宣传，后来一直没兑现",
            "{subject}在直播间卖惨募捐，孩子的病情完全是编的",
        ],
        "asks": ["请民政局调查善款去向", "希望公开账目", "要求追回善款", "请查处诈捐行为"],
        "trade": "公益服务",
    },
    "performance_tickets": {
        "subjects": ["{company}", "一个黄牛", "某演唱会主办方", "票务平台上的卖家", "{person}"],
        "facts": [
            "{subject}宣传明星亲自到场演唱，结果来的是模仿的，票价却要{money}",
            "演唱会门票一开售就没了，{subject}在外面加价好几倍卖",
            "{subject}在朋友圈卖演唱会的内场票，收了钱发来的是假票",
            "{subject}宣传的嘉宾阵容一半没来，也不给退票",
            "{subject}用抢票软件囤票然后高价倒卖",
            "{subject}卖的音乐节门票二维码是复制的，入场时被拦下",
            "{subject}演出临时取消了，退票只退一半",
            "{subject}在剧院门口倒卖门票，{money}一张原价才三百",
            "{subject}虚假宣传说有国际巨星，海报都是P的",
            "{subject}把赠票拿出来高价卖，还用{phone}联系买家",
        ],
        "asks": ["请文体局查处", "要求退还票款", "请打击黄牛炒票", "希望规范演出市场"],
        "trade": "文化演艺",
    },
    "illegal_lottery": {
        "subjects": [
            "{town}的一家小卖部",
            "{person}",
            "一个赌博APP",
            "某微信群",
            "村里的一个棋牌室",
            "网上的赌球网站",
        ],
        "facts": [
            "{subject}在卖私彩六合彩，每天晚上都有很多人去下注",
            "{subject}拉人在网上赌博，说稳赢，我输了{money}",
            "{subject}组织赌球，用微信收钱，赔率自己定",
            "{subject}以棋牌室为名聚众赌博，赌资很大",
            "{subject}开发所谓彩票平台，其实就是网上赌场，充值进去就提不出来",
            "{subject}在群里发红包接龙赌博，群主抽水",
            "{subject}私下卖“码报”，说能预测特码，骗老人买私彩",
            "{subject}放着电子老虎机让学生去玩，输了很多钱",
            "{subject}代购体彩，收了钱不出票，中奖了也不给",
            "{subject}打着福利彩票的名义在网上卖彩票，根本没有资质",
        ],
        "asks": ["请公安打击赌博", "希望取缔私彩", "请查处非法彩票", "要求封掉这个平台"],
        "trade": "网络科技",
    },
}

# Out of scope: consumer disputes, neighbour quarrels, questions, other city services.
OUT_OF_SCOPE_TEXTS = [
    "在网上买的手机屏幕有坏点，商家不给退货",
    "外卖送到的时候饭都凉了，还洒了一半，商家不理我",
    "快递丢件了，快递公司说只能赔五十块",
    "楼上天天晚上十二点还在跺脚，吵得睡不着",
    "邻居家的狗每天叫，说了好几次都不管",
    "隔壁装修占了我家的车位，还把垃圾堆在门口",
    "楼上卫生间漏水到我家天花板，他们不肯修",
    "小区物业费涨价了，服务却越来越差",
    "请问社保卡丢了怎么补办",
    "公积金提取需要什么材料",
    "请问户口迁移去哪里办理",
    "你们这个平台能查什么？举报有奖励吗",
    "我们小区门口的路灯坏了一个月了",
    "马路上有个大坑，电动车摔了好几次",
    "垃圾桶满了好几天没人清运",
    "健身房老板关门了，我的年卡还没用完",
    "理发店办的卡说不能用了",
    "和老公吵架了，他不给我生活费",
    "想问一下小孩上学需要办什么手续",
    "你好，测试一下",
    "怎么查询我的举报进度",
    "公交车太少了，等了一个小时",
    "超市的鸡蛋比别家贵两块钱",
    "婚礼办完了酒店说要加收服务费，不合理吧",
    "房东不退押金，说墙面脏了",
    "驾照到期了怎么换证",
    "小区电梯经常坏，物业修不好",
    "我想咨询一下离婚财产怎么分",
    "隔壁阿姨老是在楼道里堆杂物",
    "网购的衣服颜色和图片不一样",
    "孩子在学校被同学欺负了，老师不管",
    "家里停电了什么时候来电",
    "请问新冠疫苗在哪里可以打",
    "车被人刮了，没留电话",
    "菜市场的摊位费太贵了",
    "楼下烧烤店油烟很大",
    "广场舞音乐太吵，每天放到十点",
    "手机欠费停机了，营业厅态度很差",
    "我家的宽带经常断网，投诉运营商没用",
    "学校食堂饭菜不好吃",
    "请问在哪里办理居住证",
    "有没有人知道医保怎么异地报销",
    "我和合伙人闹矛盾了，他不分钱给我",
    "朋友借了我三千块不还，微信也不回",
    "共享单车乱停放挡住了门口",
    "谢谢你们上次的帮助",
    "小区绿化带被人种了菜",
    "奶茶店做的奶茶里有头发",
    "电动车充电桩不够用",
    "驾校教练态度不好，骂学员",
    "水费怎么比上个月多了一倍",
    "买的二手车和车主说的里程不一样，要求退车",
    "酒店预订了房间到了说没房了",
    "楼顶违章搭建的棚子挡住了我家的光线",
    "对门的空调外机对着我家窗户吹",
    "物业把小区的公共绿地改成了停车场收费",
    "邻居家的孩子天天在楼道里踢球，墙都踢脏了",
    "楼下住户在公共走廊晾衣服，滴水到我家阳台",
    "想了解一下今年的征兵报名时间",
    "请问不动产登记证多久能拿到",
    "医保卡里的钱可以给家人用吗",
    "孩子的出生证明丢了怎么补",
    "老年人乘车优惠卡在哪里办",
    "营业执照地址变更要带什么材料",
    "我在网上买的鞋子穿了两天就开胶了，客服一直推脱",
    "美甲店做完一天就掉了，老板不肯返工",
    "手机维修店把我的手机修坏了还收了两百块",
    "培训班说好包教包会，孩子学了半年还是不会，要求退费",
    "酒店的房间和网上图片差别太大，要求退款被拒绝",
    "买的家具送货晚了半个月，商家说物流的问题",
    "亲戚之间因为老人赡养问题吵了起来，想找人调解",
    "兄弟分家产闹矛盾，想问问找谁调解",
    "前妻不让我看孩子，怎么办",
    "同事在背后说我坏话，心里很委屈",
    "邻居在我家墙边种树，树根把墙顶裂了",
    "小区的流浪猫太多了，晚上叫个不停",
    "村里的路灯晚上不亮，走夜路不安全",
    "自来水有时候有点黄，想问问是不是管道的问题",
    "公园的厕所太脏了，没人打扫",
    "学校门口早上堵车很严重，建议安排交警",
    "办事大厅排队时间太长，建议多开几个窗口",
    "希望在我们镇上多建一个篮球场",
    "天气预报说有台风，请问学校停课吗",
    "高考报名的时间是什么时候",
    "我的快递被放在驿站不送上门",
    "打车软件的司机绕路多收了十块钱",
    "开发商交房晚了三个月，还没给违约金",
    "邻居晚上在家唱卡拉OK，声音很大",
    "我家楼上空调滴水滴到我家窗台",
    "朋友结婚我随了礼，我结婚他却没来",
    "这个网站打不开，上传图片一直失败",
    "我提交的举报能修改吗",
    "举报以后多久会有人联系我",
    "你们这里是不是12345热线",
    "我想投诉一个公务员上班时间玩手机",
]
OUT_OF_SCOPE_FRAMES = [
    "{text}",
    "{text}，怎么办？",
    "你好，{text}",
    "{text}，请帮忙协调一下",
    "想反映个事：{text}。",
    "市民来电反映：{text}。来电人要求相关部门协调处理。",
    "{text}！！",
    "请问这个归你们管吗？{text}",
]

# Ambiguous: the primary area and the ones also counted right.
AMBIGUOUS = [
    ("telecom_fraud", ["illegal_lottery"], "网上有人拉我进群说跟着导师买彩票稳赚，充了{money}现在提不出来"),
    ("financial", ["telecom_fraud"], "网上一个投资平台说保本高收益，我充了{money}后平台打不开了"),
    (
        "fake_drugs",
        ["telecom_fraud", "financial"],
        "有人打电话给我爸推销能治好高血压的特效药，收了{money}寄来一堆没批号的药",
    ),
    ("transport", ["low_price_tours"], "{town}车站的黑车拉游客去景区，半路上拉去购物店"),
    ("charity_fraud", ["illegal_social_orgs"], "一个没登记的公益协会在街上募捐，钱都进了会长个人账户"),
    ("insurance_fraud", ["illegal_medical"], "一家没资质的诊所帮人开假病历去报销医保"),
    ("wage_arrears", ["judgment_default"], "法院判了包工头还我们的工资{money}，他还是不给"),
    ("poverty_relief", ["charity_fraud"], "村里收到的扶贫捐赠物资被村干部拿回家了"),
    ("tax_fake_invoices", ["insurance_fraud"], "有人卖假的医疗发票，让人拿去保险公司报销"),
    ("online_rumours", ["telecom_fraud"], "有人在群里冒充政府发布补贴通知，让大家点链接填银行卡"),
]

FRAMES = {
    "wechat": [
        "{fact}",
        "{fact}，有人管吗",
        "{fact}！！{ask}",
        "举报：{fact}",
        "{fact}，{ask}",
        "你好 {fact} 怎么办",
    ],
    "web": [
        "被举报对象：{subject_plain}\n事发地点：{town}{street}\n问题描述：{fact}。{fact2}。\n诉求：{ask}。",
        "{fact}。{fact2}。地点在{town}。{ask}。",
        "我要举报{subject_plain}。{fact}。{ask}，谢谢！",
    ],
    "hotline": [
        "市民来电反映：{fact3p}。来电人要求{ask}。",
        "来电人称{fact3p}，{fact2_3p}。诉求：{ask}。",
        "{town}群众来电：{fact3p}。请相关部门核实处理。",
    ],
    "letter": [
        "尊敬的领导：\n您好！我是{town}居民，现向贵单位反映{subject_plain}的问题。{fact}。{fact2}。恳请{ask}。\n此致\n敬礼！",
        "举报信\n关于{subject_plain}的情况反映\n{fact}。{fact2}。以上情况属实，{ask}。\n举报人：一名群众",
    ],
}


def third_person(text: str) -> str:
    return text.replace("我们", "他们").replace("我", "其")


def fill(rng, template: str, spec: dict) -> str:
    subject = rng.choice(spec["subjects"])
    values = {
        "person": rng.choice(PEOPLE),
        "company": company(rng, spec["trade"]),
        "town": rng.choice(TOWNS),
        "phone": phone(rng),
        "account": account(rng),
        "money": money(rng, 300, 300000),
        "count": rng.randrange(3, 80),
        "months": rng.choice(["两", "三", "四", "五", "六", "八", "十"]),
    }
    values["subject"] = subject.format(**values)
    return template.format(**values)


def area_text(rng, spec: dict) -> tuple[str, str]:
    channel = rng.choice(["wechat", "wechat", "web", "web", "hotline", "letter"])
    frame = rng.choice(FRAMES[channel])
    fact, fact2 = rng.sample(spec["facts"], 2)
    fact, fact2 = fill(rng, fact, spec), fill(rng, fact2, spec)
    subject_plain = fill(rng, "{subject}", spec)
    text = frame.format(
        fact=fact,
        fact2=fact2,
        fact3p=third_person(fact),
        fact2_3p=third_person(fact2),
        subject_plain=subject_plain,
        ask=rng.choice(spec["asks"]),
        town=rng.choice(TOWNS),
        street=rng.choice(STREETS),
    )
    return channel, text


def lines(seed: int = 20261201):
    rng = random.Random(seed)
    number = 0
    for code, spec in AREAS.items():
        for _ in range(PER_AREA):
            number += 1
            channel, text = area_text(rng, spec)
            yield {"id": f"t{number:05d}", "area": code, "channel": channel, "text": text}
    for _ in range(OUT_OF_SCOPE):
        number += 1
        text = rng.choice(OUT_OF_SCOPE_FRAMES).format(text=rng.choice(OUT_OF_SCOPE_TEXTS))
        yield {"id": f"t{number:05d}", "area": "out_of_scope", "channel": "mixed", "text": text}
    for area, also, template in AMBIGUOUS:
        for _ in range(6):
            number += 1
            text = template.format(money=money(rng, 500, 90000), town=rng.choice(TOWNS))
            yield {"id": f"t{number:05d}", "area": area, "also_acceptable": also, "text": text}
    handwritten = HERE / "handwritten.jsonl"
    for raw in handwritten.read_text(encoding="utf-8").splitlines():
        if raw.strip():
            yield json.loads(raw)


def main() -> None:
    with (HERE / "train.jsonl").open("w", encoding="utf-8") as out:
        for line in lines():
            out.write(json.dumps(line, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
