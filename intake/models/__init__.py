from intake.models.policies import Policy, PolicyComment, PolicyEvent, PolicyVersion
from intake.models.reference import Area, AreaBureau, Bureau, Question
from intake.models.reports import Attachment, ReferenceCounter, Report, ReportMessage
from intake.models.sources import (
    EmailMessage,
    Open311Client,
    SmsMessage,
    WeChatConversation,
    WeChatMessage,
    WeChatPhoto,
)

__all__ = [
    "Area",
    "AreaBureau",
    "Attachment",
    "Bureau",
    "EmailMessage",
    "Open311Client",
    "Policy",
    "PolicyComment",
    "PolicyEvent",
    "PolicyVersion",
    "Question",
    "ReferenceCounter",
    "Report",
    "ReportMessage",
    "SmsMessage",
    "WeChatConversation",
    "WeChatMessage",
    "WeChatPhoto",
]
